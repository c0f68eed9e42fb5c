import type { AccountReader } from './AccountReader.ts';
import { AccountAccessDeniedError, AccountReadError, AccountThrottledError } from './errors.ts';
import { policyMentionsFunctionUrl } from './policyMentionsFunctionUrl.ts';
import { DEFAULT_QUALIFIER_MODE } from './records.ts';
import type {
  AccountRecords,
  AliasRecord,
  QualifierMode,
  QualifierRecords,
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
import { forEachConcurrently } from './forEachConcurrently.ts';

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
  /**
   * Also read aliases and published versions (`--qualifiers`): `aliases` reads every alias and the
   * versions aliases and mappings point at, `all` every version, each with its own resource policy.
   * Absent or `latest`: `$LATEST` only, as before (no `qualifiers` in the records unless `latest`
   * is asked for explicitly).
   */
  qualifiers?: QualifierMode;
  /** With `aliases`: versions to keep whatever points at them, as `FunctionName:Version` (a PublishVersion event's). */
  versions?: readonly string[];
  /** Told when the function list is known and after each function's lock is read (progress lines). */
  onProgress?: (progress: ReadProgress) => void;
}

/** How far a read has come: `functionsTotal` is undefined until the function list is read. */
export interface ReadProgress {
  functionsRead: number;
  functionsTotal: number | undefined;
}

export { DEFAULT_QUALIFIER_MODE };

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
  const qualified = await readQualifiers(reader, core, options);
  const locks = await readFunctionLocks(reader, core.functions, { ...options, urlConfigsFor: qualified.urlConfigsFor });
  return {
    ...core,
    ...locks,
    ...(qualified.qualifiers !== undefined ? { qualifiers: qualified.qualifiers } : {}),
    problems: [...core.problems, ...qualified.problems, ...locks.problems],
  };
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
      ? await readInBulk(reader, attempt, options.qualifiers)
      : await readTargeted(reader, options, attempt, concurrency);
  const kinds = ['account', 'policy', 'role', 'function'];
  problems.sort((a, b) => kinds.indexOf(a.subject.kind) - kinds.indexOf(b.subject.kind) || a.subject.name.localeCompare(b.subject.name));
  // Again here, whatever the reader did: values must never get past this point.
  const qualifiers = core.qualifiers === undefined ? {} : { qualifiers: { ...core.qualifiers, versions: core.qualifiers.versions.map(withoutEnvironmentValues) } };
  return { ...core, functions: core.functions.map(withoutEnvironmentValues), ...qualifiers, problems };
}

/** Resource policy of each function, and its URL configs when that policy mentions function URLs. */
export async function readFunctionLocks(
  reader: AccountReader,
  functions: readonly FunctionConfigurationRecord[],
  options: Pick<ReadAccountRecordsOptions, 'concurrency' | 'allUrlConfigs' | 'onProgress'> & {
    /** Functions whose URL configs are wanted whatever their own policy says (an alias's policy mentions URLs). */
    urlConfigsFor?: ReadonlySet<string>;
  } = {},
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
    const wantUrls =
      options.allUrlConfigs === true ||
      options.urlConfigsFor?.has(fn.FunctionName) === true ||
      policyUnreadable ||
      (policy !== undefined && policyMentionsFunctionUrl(policy));
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

async function readInBulk(reader: AccountReader, attempt: Attempt, mode: QualifierMode | undefined): Promise<CoreWithoutProblems> {
  const [details, listed, eventSourceMappings] = await Promise.all([
    reader.readAuthorizationDetails(),
    listFunctionsAndVersions(reader, mode),
    attempt({ kind: 'account', name: 'event-source-mappings' }, 'event source mappings', () =>
      reader.listEventSourceMappings(),
    ),
  ]);
  return { ...details, ...listed, eventSourceMappings: eventSourceMappings ?? [] };
}

/**
 * The functions, and with `aliases` or `all` their published versions from the same listing
 * (`ListFunctions` with `FunctionVersion=ALL`, which lists `$LATEST` too): no extra call for `$LATEST`.
 */
async function listFunctionsAndVersions(
  reader: AccountReader,
  mode: QualifierMode | undefined,
): Promise<Pick<CoreWithoutProblems, 'functions' | 'qualifiers'>> {
  if (mode === undefined) return { functions: await reader.listFunctions() };
  if (mode === 'latest' || reader.listFunctionVersions === undefined) {
    return { functions: await reader.listFunctions(), qualifiers: emptyQualifiers(mode, mode !== 'latest') };
  }
  const all = await reader.listFunctionVersions();
  if (all === undefined) return { functions: await reader.listFunctions(), qualifiers: emptyQualifiers(mode, true) };
  const { latest, versions } = splitVersions(all);
  return { functions: latest, qualifiers: { ...emptyQualifiers(mode, false), versions } };
}

/** Qualifier records not read yet; `unseen` marks a reader that cannot list versions. */
type PendingQualifiers = QualifierRecords & { unseen?: true };

function emptyQualifiers(mode: QualifierMode, unseen: boolean): PendingQualifiers {
  return { mode, versions: [], aliases: new Map(), resourcePolicies: new Map(), ...(unseen ? { unseen: true as const } : {}) };
}

/** `$LATEST` entries (their ARN made unqualified, as `list-functions` prints it) apart from published versions. */
function splitVersions(all: readonly FunctionConfigurationRecord[]): { latest: FunctionConfigurationRecord[]; versions: FunctionConfigurationRecord[] } {
  const latest: FunctionConfigurationRecord[] = [];
  const versions: FunctionConfigurationRecord[] = [];
  for (const fn of all) {
    if (fn.Version === undefined || fn.Version === '$LATEST') {
      latest.push(fn.FunctionArn.endsWith(':$LATEST') ? { ...fn, FunctionArn: fn.FunctionArn.slice(0, -':$LATEST'.length) } : fn);
    } else {
      versions.push(fn);
    }
  }
  return { latest, versions };
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
  const qualifiers = await readVersionsOf(reader, functions, options.qualifiers, attempt, concurrency);

  const roles: RoleRecord[] = [...(options.roles ?? [])];
  const known = new Set(roles.map((role) => role.RoleName.toLowerCase()));
  // Published versions keep the role they were published with: read those roles too.
  const withVersions = [...functions, ...(qualifiers?.versions ?? [])];
  const roleNames = new Set(withVersions.map((fn) => roleNameOf(fn.Role)).filter((name) => !known.has(name.toLowerCase())));
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
  return { roles, managedPolicies, functions, eventSourceMappings, ...(qualifiers !== undefined ? { qualifiers } : {}) };
}

/** Targeted: each named function's published versions (ListVersionsByFunction). */
async function readVersionsOf(
  reader: AccountReader,
  functions: readonly FunctionConfigurationRecord[],
  mode: QualifierMode | undefined,
  attempt: Attempt,
  concurrency: number,
): Promise<PendingQualifiers | undefined> {
  if (mode === undefined) return undefined;
  if (mode === 'latest') return emptyQualifiers(mode, false);
  const listVersions = reader.listFunctionVersions?.bind(reader);
  if (listVersions === undefined) return emptyQualifiers(mode, true);
  const pending = emptyQualifiers(mode, false);
  const byFunction = new Map<string, FunctionConfigurationRecord[]>();
  let unseen = false;
  await forEachConcurrently(functions, concurrency, async (fn) => {
    const listed = await attempt({ kind: 'function', name: fn.FunctionName }, 'published versions', () => listVersions(fn.FunctionName));
    if (listed === undefined) unseen = true;
    byFunction.set(fn.FunctionName, splitVersions(listed ?? []).versions);
  });
  pending.versions = functions.flatMap((fn) => byFunction.get(fn.FunctionName) ?? []);
  return unseen ? { ...pending, unseen: true } : pending;
}

export interface QualifierReadResult {
  /** Absent when qualifiers were not asked for. */
  qualifiers?: QualifierRecords;
  problems: ReadProblem[];
  /** Functions whose URL configs must be listed: an alias's or version's policy mentions function URLs, or could not be read. */
  urlConfigsFor: Set<string>;
}

/**
 * Aliases (ListAliases per function) and the resource policy of each alias and kept version
 * (GetPolicy with a qualifier). Versions kept: all with `all`; with `aliases`, those an alias
 * routes to or an event source mapping names. A reader that cannot list versions (an older
 * snapshot) is reported once for the account, not per function.
 */
export async function readQualifiers(
  reader: AccountReader,
  core: Pick<CoreRecords, 'functions' | 'eventSourceMappings' | 'qualifiers'>,
  options: Pick<ReadAccountRecordsOptions, 'concurrency' | 'versions'> = {},
): Promise<QualifierReadResult> {
  const urlConfigsFor = new Set<string>();
  const pending = core.qualifiers as PendingQualifiers | undefined;
  if (pending === undefined) return { problems: [], urlConfigsFor };
  const { unseen, ...qualifiers } = pending;
  if (unseen === true || qualifiers.mode === 'latest') {
    const problems: ReadProblem[] =
      unseen === true
        ? [
            {
              subject: { kind: 'account', name: 'qualifiers' },
              what: 'aliases and published versions (--qualifiers ' + qualifiers.mode + ')',
              reason:
                'this account source cannot list them (a snapshot made before they were part of the format has no ' +
                'lambda/function-versions.json); only $LATEST was judged: permissions on aliases and the roles of published versions were not seen',
            },
          ]
        : [];
    return { qualifiers: { ...qualifiers, versions: [] }, problems, urlConfigsFor };
  }
  const { problems, attempt } = problemCollector();
  const concurrency = options.concurrency ?? 16;
  const listAliases = reader.listAliases?.bind(reader);
  const aliases = new Map<string, AliasRecord[]>();
  await forEachConcurrently(core.functions, concurrency, async (fn) => {
    if (listAliases === undefined) return;
    const listed = await attempt({ kind: 'function', name: fn.FunctionName }, 'aliases', () => listAliases(fn.FunctionName));
    if (listed === undefined) urlConfigsFor.add(fn.FunctionName); // an alias URL may be there unseen
    aliases.set(fn.FunctionName, listed ?? []);
  });

  const wanted = new Set<string>(options.versions ?? []);
  if (qualifiers.mode === 'aliases') {
    for (const [name, list] of aliases) {
      for (const alias of list) {
        wanted.add(`${name}:${alias.FunctionVersion}`);
        for (const version of Object.keys(alias.RoutingConfig?.AdditionalVersionWeights ?? {})) wanted.add(`${name}:${version}`);
      }
    }
    for (const mapping of core.eventSourceMappings) {
      const parts = mapping.FunctionArn?.split(':') ?? [];
      if (parts.length === 8 && /^\d+$/.test(parts[7] ?? '')) wanted.add(`${parts[6]}:${parts[7]}`);
    }
  }
  const versions = qualifiers.versions.filter((v) => qualifiers.mode === 'all' || wanted.has(`${v.FunctionName}:${String(v.Version)}`));

  const targets = [
    ...versions.map((v) => ({ functionName: v.FunctionName, qualifier: String(v.Version) })),
    ...[...aliases].flatMap(([functionName, list]) => list.map((alias) => ({ functionName, qualifier: alias.Name }))),
  ];
  const read: (ResourcePolicyRecord | undefined)[] = [];
  await forEachConcurrently([...targets.keys()], concurrency, async (index) => {
    const { functionName, qualifier } = targets[index] as (typeof targets)[number];
    let unreadable = false;
    const policy = await attempt({ kind: 'function', name: `${functionName}:${qualifier}` }, 'resource policy', () =>
      reader.getResourcePolicy(functionName, qualifier), () => {
      unreadable = true;
    });
    if (unreadable || (policy !== undefined && policyMentionsFunctionUrl(policy))) urlConfigsFor.add(functionName);
    read[index] = policy;
  });
  const resourcePolicies = new Map<string, ResourcePolicyRecord>();
  targets.forEach(({ functionName, qualifier }, index) => {
    const policy = read[index];
    if (policy !== undefined) resourcePolicies.set(`${functionName}:${qualifier}`, policy);
  });
  problems.sort((a, b) => a.subject.name.localeCompare(b.subject.name));
  return { qualifiers: { mode: qualifiers.mode, versions, aliases, resourcePolicies }, problems, urlConfigsFor };
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
