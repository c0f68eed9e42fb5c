import type { AccountReader } from './AccountReader.ts';
import { AccountAccessDeniedError, AccountReadError, AccountThrottledError } from './errors.ts';
import { policyMentionsFunctionUrl } from './policyMentionsFunctionUrl.ts';
import type {
  AccountRecords,
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  ManagedPolicyRecord,
  ReadFailureCause,
  ReadProblem,
  ResourcePolicyRecord,
  RoleRecord,
} from './records.ts';
import { withoutEnvironmentValues } from './snapshot/withoutEnvironmentValues.ts';

export interface ReadAccountRecordsOptions {
  /**
   * Read only these functions (names or ARNs), their roles and the managed policies those roles
   * use, with targeted calls. Without it (and without `functions`): the whole account in bulk.
   */
  functionNames?: string[];
  /** Functions already read (e.g. by an event handler): targeted like `functionNames`, without re-reading them. */
  functions?: FunctionConfigurationRecord[];
  /** Roles already read; with `functions` or `functionNames`, these are not read again. */
  roles?: RoleRecord[];
  /** Per-subject reads in flight at once (default 16). The live reader throttles on its own. */
  concurrency?: number;
  /**
   * List every function's URL configs (snapshots: a complete copy of the account). Default: only
   * for functions whose resource policy mentions function URLs or could not be read.
   */
  allUrlConfigs?: boolean;
  /** Told when the function list is known and after each function's lock is read (progress lines). */
  onProgress?: (progress: ReadProgress) => void;
}

/** How far a read has come: `functionsTotal` is undefined until the function list is read. */
export interface ReadProgress {
  functionsRead: number;
  functionsTotal: number | undefined;
}

/** Everything but the per-function locks (resource policies, URL configs). */
export type CoreRecords = Omit<AccountRecords, 'resourcePolicies' | 'urlConfigs'>;
/** The per-function locks and the problems met reading them. */
export type FunctionLocks = Pick<AccountRecords, 'resourcePolicies' | 'urlConfigs' | 'problems'>;

type ProblemSubject = ReadProblem['subject'];
/** Runs one read; a failure becomes a ReadProblem (and `onFailure` is told) instead of an exception. */
type Attempt = <T>(subject: ProblemSubject, what: string, read: () => Promise<T>, onFailure?: () => void) => Promise<T | undefined>;

/**
 * Reads everything an audit needs through the AccountReader interface alone, so it serves the
 * snapshot and the live reader alike. Account-level reads (authorization details, the function
 * list) throw; a read that fails for one subject (AccessDenied, a malformed per-function file)
 * becomes a ReadProblem and the rest is still read.
 */
export async function readAccountRecords(
  reader: AccountReader,
  options: ReadAccountRecordsOptions = {},
): Promise<AccountRecords> {
  options.onProgress?.({ functionsRead: 0, functionsTotal: undefined });
  const core = await readCoreRecords(reader, options);
  const locks = await readFunctionLocks(reader, core.functions, options);
  return { ...core, ...locks, problems: [...core.problems, ...locks.problems] };
}

/**
 * Roles, managed policies, functions and event source mappings: in bulk (GetAccountAuthorizationDetails,
 * ListFunctions, ListEventSourceMappings once), or targeted when functions are named or given.
 * For audits that read the locks chunk by chunk (readFunctionLocks).
 */
export async function readCoreRecords(reader: AccountReader, options: ReadAccountRecordsOptions = {}): Promise<CoreRecords> {
  const { problems, attempt } = problemCollector();
  const concurrency = options.concurrency ?? 16;
  const core =
    options.functionNames === undefined && options.functions === undefined
      ? await readInBulk(reader, attempt)
      : await readTargeted(reader, options, attempt, concurrency);
  const kinds = ['account', 'policy', 'role', 'function'];
  problems.sort((a, b) => kinds.indexOf(a.subject.kind) - kinds.indexOf(b.subject.kind) || a.subject.name.localeCompare(b.subject.name));
  // Again here, whatever the reader did: values must never get past this point.
  return { ...core, functions: core.functions.map(withoutEnvironmentValues), problems };
}

/** Resource policy of each function, and its URL configs when that policy mentions function URLs. */
export async function readFunctionLocks(
  reader: AccountReader,
  functions: readonly FunctionConfigurationRecord[],
  options: Pick<ReadAccountRecordsOptions, 'concurrency' | 'allUrlConfigs' | 'onProgress'> = {},
): Promise<FunctionLocks> {
  const { problems, attempt } = problemCollector();
  const read: { policy?: ResourcePolicyRecord; urls?: FunctionUrlConfigRecord[] }[] = [];
  let functionsRead = 0;
  options.onProgress?.({ functionsRead, functionsTotal: functions.length });
  await forEachConcurrently([...functions.keys()], options.concurrency ?? 16, async (index) => {
    const fn = functions[index] as FunctionConfigurationRecord;
    const subject: ProblemSubject = { kind: 'function', name: fn.FunctionName };
    let policyUnreadable = false;
    const policy = await attempt(subject, 'resource policy', () => reader.getResourcePolicy(fn.FunctionName), () => {
      policyUnreadable = true;
    });
    // Only a resource policy can open a URL to anyone else: without a mention (and when the policy
    // was read), ListFunctionUrlConfigs is skipped, saving one Lambda call per function in audits.
    const wantUrls = options.allUrlConfigs === true || policyUnreadable || (policy !== undefined && policyMentionsFunctionUrl(policy));
    const urls = wantUrls
      ? await attempt(subject, 'function URL configs', () => reader.listFunctionUrlConfigs(fn.FunctionName))
      : undefined;
    read[index] = { ...(policy ? { policy } : {}), ...(urls ? { urls } : {}) };
    options.onProgress?.({ functionsRead: ++functionsRead, functionsTotal: functions.length });
  });
  // Filled in function order, whatever finished first, so results are deterministic.
  const resourcePolicies = new Map<string, ResourcePolicyRecord>();
  const urlConfigs = new Map<string, FunctionUrlConfigRecord[]>();
  functions.forEach((fn, index) => {
    const { policy, urls } = read[index] ?? {};
    if (policy !== undefined) resourcePolicies.set(fn.FunctionName, policy);
    if (urls !== undefined && urls.length > 0) urlConfigs.set(fn.FunctionName, urls);
  });
  const order = new Map(functions.map((fn, index) => [fn.FunctionName, index]));
  problems.sort((a, b) => (order.get(a.subject.name) ?? 0) - (order.get(b.subject.name) ?? 0));
  return { resourcePolicies, urlConfigs, problems };
}

function problemCollector(): { problems: ReadProblem[]; attempt: Attempt } {
  const problems: ReadProblem[] = [];
  const attempt: Attempt = async (subject, what, read, onFailure) => {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof AccountReadError)) throw error;
      problems.push({ subject, what: `${what} (${error.source})`, reason: reasonOf(error), cause: causeOf(error) });
      onFailure?.();
      return undefined;
    }
  };
  return { problems, attempt };
}

type CoreWithoutProblems = Omit<CoreRecords, 'problems'>;

async function readInBulk(reader: AccountReader, attempt: Attempt): Promise<CoreWithoutProblems> {
  const [details, functions, eventSourceMappings] = await Promise.all([
    reader.readAuthorizationDetails(),
    reader.listFunctions(),
    attempt({ kind: 'account', name: 'event-source-mappings' }, 'event source mappings', () =>
      reader.listEventSourceMappings(),
    ),
  ]);
  return { ...details, functions, eventSourceMappings: eventSourceMappings ?? [] };
}

async function readTargeted(
  reader: AccountReader,
  options: ReadAccountRecordsOptions,
  attempt: Attempt,
  concurrency: number,
): Promise<CoreWithoutProblems> {
  const functions: FunctionConfigurationRecord[] = [...(options.functions ?? [])];
  const eventSourceMappings: EventSourceMappingRecord[] = [];
  const given = new Set(functions.map((fn) => fn.FunctionName));
  const toRead = [...new Set(options.functionNames ?? [])].filter((name) => !given.has(name));
  const readArns = new Set(functions.map((fn) => `${fn.FunctionName} ${fn.FunctionArn}`));
  await forEachConcurrently(toRead, concurrency, async (name) => {
    const fn = await attempt({ kind: 'function', name }, 'function configuration', () => reader.getFunctionConfiguration(name));
    // Not found is not a problem: the function was deleted. A function asked for twice (by name
    // and by ARN) is read twice but audited once.
    if (fn !== undefined && !readArns.has(`${fn.FunctionName} ${fn.FunctionArn}`)) {
      readArns.add(`${fn.FunctionName} ${fn.FunctionArn}`);
      functions.push(fn);
    }
  });
  await forEachConcurrently(functions, concurrency, async (fn) => {
    const mappings = await attempt({ kind: 'function', name: fn.FunctionName }, 'event source mappings', () =>
      reader.listEventSourceMappings(fn.FunctionName),
    );
    eventSourceMappings.push(...(mappings ?? []));
  });

  const roles: RoleRecord[] = [...(options.roles ?? [])];
  const known = new Set(roles.map((role) => role.RoleName.toLowerCase()));
  const roleNames = new Set(functions.map((fn) => roleNameOf(fn.Role)).filter((name) => !known.has(name.toLowerCase())));
  await forEachConcurrently([...roleNames], concurrency, async (name) => {
    const role = await attempt({ kind: 'role', name }, 'role', () => reader.getRole(name));
    if (role !== undefined) roles.push(role);
  });

  const managedPolicies = new Map<string, ManagedPolicyRecord>();
  const policyArns = new Set<string>();
  for (const role of roles) {
    for (const attached of role.AttachedManagedPolicies ?? []) policyArns.add(attached.PolicyArn);
    const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
    if (boundary !== undefined) policyArns.add(boundary);
  }
  await forEachConcurrently([...policyArns], concurrency, async (arn) => {
    const policy = await attempt({ kind: 'policy', name: arn }, 'managed policy', () => reader.getManagedPolicy(arn));
    if (policy !== undefined) managedPolicies.set(arn, policy);
  });
  // Keep the caller's order, not completion order, so results are deterministic.
  const order = new Map([...(options.functions ?? []).map((fn) => fn.FunctionName), ...(options.functionNames ?? [])].map((name, index) => [name, index]));
  functions.sort((a, b) => (order.get(a.FunctionName) ?? 0) - (order.get(b.FunctionName) ?? 0));
  roles.sort((a, b) => a.Arn.localeCompare(b.Arn));
  eventSourceMappings.sort((a, b) => a.UUID.localeCompare(b.UUID));
  return { roles, managedPolicies, functions, eventSourceMappings };
}

/** `arn:aws:iam::123456789012:role/service-role/x` -> `x` (GetRole takes the name without path). */
function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function causeOf(error: AccountReadError): ReadFailureCause {
  if (error instanceof AccountAccessDeniedError) return 'denied';
  if (error instanceof AccountThrottledError) return 'throttled';
  return 'failed';
}

function reasonOf(error: AccountReadError): string {
  const prefix = `${error.source}: `;
  const detail = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  // Every reason starts with why: denied, throttled or failed (a snapshot file problem says so itself).
  if (error instanceof AccountAccessDeniedError) return /denied/i.test(detail) ? detail : `access denied: ${detail}`;
  if (error instanceof AccountThrottledError) return /^throttled/.test(detail) ? detail : `throttled: ${detail}`;
  return detail;
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
