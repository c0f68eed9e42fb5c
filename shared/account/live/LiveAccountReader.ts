import {
  GetPolicyCommand as GetManagedPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAttachedRolePolicies,
  paginateListEntitiesForPolicy,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import type { AttachedPolicy, Policy, PolicyDetail } from '@aws-sdk/client-iam';
import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  paginateListAliases,
  paginateListEventSourceMappings,
  paginateListFunctionUrlConfigs,
  paginateListFunctions,
  paginateListVersionsByFunction,
} from '@aws-sdk/client-lambda';
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AccountIdentity, AccountReader } from '../AccountReader.ts';
import { AccountAccessDeniedError, AccountReadError, AccountThrottledError } from '../errors.ts';
import type {
  AccountRecords,
  AliasRecord,
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  ManagedPolicyRecord,
  ResourcePolicyRecord,
  RoleRecord,
  TrailStatusRecord,
} from '../records.ts';
import { checkEventSourceMappingRecord } from '../shape/checkEventSourceMappingRecord.ts';
import { CallLedger } from './CallLedger.ts';
import { classifyAwsError } from './classifyAwsError.ts';
import { deliversManagementEvents } from './deliversManagementEvents.ts';
import type { AwsClients } from './createAwsClients.ts';
import { RateLimiter } from './RateLimiter.ts';
import { toFunctionRecord } from './toFunctionRecord.ts';
import { toManagedPolicyRecord } from './toManagedPolicyRecord.ts';
import { toRoleRecord } from './toRoleRecord.ts';

export interface LiveAccountReaderOptions {
  clients: AwsClients;
  /** Lambda control-plane requests per second for this reader (default 10; the quota is 15). */
  lambdaRate?: number;
}

/** What GetPolicy found: Lambda reports "no policy" and "no function" with the same error code. */
export type ResourcePolicyLookup =
  | { state: 'present'; policy: ResourcePolicyRecord }
  | { state: 'none' }
  | { state: 'function-not-found' };

export const DEFAULT_LAMBDA_RATE = 10;

/** Filters for the bulk IAM read: roles and every managed policy; users and groups are not needed. */
const AUTHORIZATION_DETAILS_FILTER = ['Role', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
/** Largest page each Lambda list API accepts, so N functions cost ceil(N/50) ListFunctions calls. */
const LIST_FUNCTIONS_PAGE = 50;
const LIST_URL_CONFIGS_PAGE = 50;
const LIST_MAPPINGS_PAGE = 100;
/** ListAliases and ListVersionsByFunction take up to 10,000; one call covers any real function. */
const LIST_ALIASES_PAGE = 10_000;
const LIST_VERSIONS_PAGE = 10_000;

/**
 * The account read live through SDK v3. Every list call uses the SDK's paginator and follows its
 * marker to the end (`stopOnSameToken` guards against an endpoint that repeats one). Create one per invocation (or CLI run): its managed policy
 * cache and call counts live as long as it does. Clients are shared (see createAwsClients.ts).
 *
 * Not found (NoSuchEntity, ResourceNotFoundException) for the subject of a read is `undefined` (or
 * an empty list); AccessDenied is an AccountAccessDeniedError naming the call, the resource and the
 * permission to grant; throttling that outlasted the retry time budget (TimeBoundRetryStrategy) is an
 * AccountThrottledError; anything else is an AccountReadError with the SDK error as `cause`.
 */
export class LiveAccountReader implements AccountReader {
  readonly #clients: AwsClients;
  readonly #limiter: RateLimiter;
  readonly #ledger = new CallLedger();
  /** GetPolicy results by ARN: one read per invocation is one point-in-time view. */
  readonly #managedPolicies = new Map<string, Promise<Policy | undefined>>();
  /** Policy version documents by `ARN VersionId`; a version's document never changes. */
  readonly #policyVersions = new Map<string, Promise<string | undefined>>();
  #identity: Promise<AccountIdentity> | undefined;

  constructor(options: LiveAccountReaderOptions) {
    this.#clients = options.clients;
    this.#limiter = new RateLimiter(options.lambdaRate ?? DEFAULT_LAMBDA_RATE);
  }

  /** Logical calls made so far by API, as IAM action names: `{ 'lambda:GetPolicy': 12, ... }`. */
  callCounts(): Record<string, number> {
    return this.#ledger.calls();
  }

  /** HTTP requests sent so far by API, retries included (equals callCounts unless retried). */
  attemptCounts(): Record<string, number> {
    return this.#ledger.attempts();
  }

  /** Requests AWS throttled so far (each was retried). */
  throttleCount(): number {
    return this.#ledger.throttled();
  }

  /** The Lambda control-plane budget this reader keeps to, in requests per second. */
  get lambdaRate(): number {
    return this.#limiter.ratePerSecond;
  }

  /** Attempts AWS throttled so far by API. */
  throttleCounts(): Record<string, number> {
    return this.#ledger.throttles();
  }

  /** Totals for a closing line: logical calls, retries (attempts beyond the first), throttled attempts. */
  callStats(): { calls: number; retries: number; throttles: number } {
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);
    const calls = sum(this.#ledger.calls());
    return { calls, retries: Math.max(0, sum(this.#ledger.attempts()) - calls), throttles: sum(this.#ledger.throttles()) };
  }

  identity(): Promise<AccountIdentity> {
    this.#identity ??= this.#required('sts:GetCallerIdentity', 'caller', async () => {
      const sts = this.#ledger.route(this.#clients.sts, 'sts:GetCallerIdentity');
      const [caller, region] = await Promise.all([sts.send(new GetCallerIdentityCommand({})), this.#region()]);
      const partition = caller.Arn?.split(':')[1];
      if (caller.Account === undefined || partition === undefined) {
        throw new TypeError(`GetCallerIdentity returned no Account or Arn (${JSON.stringify(caller)})`);
      }
      return { accountId: caller.Account, region, partition };
    });
    // A failure is not kept: the next call asks again.
    this.#identity.catch(() => {
      this.#identity = undefined;
    });
    return this.#identity;
  }

  /**
   * The account's organization id. Not in an organization, or not allowed to ask (no
   * organizations:DescribeOrganization, or an SCP denies it): undefined, and the own organization is
   * simply not trusted. Other failures are AccountReadErrors like any read.
   */
  async organizationId(): Promise<string | undefined> {
    const api = 'organizations:DescribeOrganization';
    const organizations = this.#clients.organizations;
    if (organizations === undefined) return undefined;
    try {
      const client = this.#ledger.route(organizations, api);
      const { Organization } = await client.send(new DescribeOrganizationCommand({}));
      return Organization?.Id;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'AWSOrganizationsNotInUseException' || classifyAwsError(error) === 'access-denied') return undefined;
      throw this.#failure(api, 'account', error);
    }
  }

  /**
   * Whether a trail delivers this region's management events: DescribeTrails with shadow trails (so
   * multi-region and organization trails homed elsewhere count), then, per trail covering the region,
   * GetTrailStatus (IsLogging) and GetEventSelectors. One delivering trail is enough. A denied or
   * failed read is `unreadable` with the call and the permission it needs, never a throw: the audit
   * goes on without it.
   */
  async readTrailStatus(): Promise<TrailStatusRecord | undefined> {
    const cloudtrail = this.#clients.cloudtrail;
    if (cloudtrail === undefined) return undefined;
    let api = 'cloudtrail:DescribeTrails';
    try {
      const region = await this.#region();
      const { trailList = [] } = await this.#ledger.route(cloudtrail, api).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
      const covering = trailList.filter((t) => t.TrailARN !== undefined && (t.IsMultiRegionTrail === true || t.HomeRegion === region));
      if (covering.length === 0) return { status: 'absent', trailArns: [] };
      const delivering: string[] = [];
      const why: string[] = [];
      for (const trail of covering) {
        const arn = trail.TrailARN!;
        api = 'cloudtrail:GetTrailStatus';
        const { IsLogging } = await this.#ledger.route(cloudtrail, api).send(new GetTrailStatusCommand({ Name: arn }));
        api = 'cloudtrail:GetEventSelectors';
        const selectors = await this.#ledger.route(cloudtrail, api).send(new GetEventSelectorsCommand({ TrailName: arn }));
        const management = deliversManagementEvents(selectors);
        if (IsLogging === true && management) delivering.push(arn);
        else why.push(`${arn} ${IsLogging === true ? 'logs, but its event selectors exclude write management events' : 'is not logging'}`);
      }
      if (delivering.length > 0) return { status: 'delivering', trailArns: delivering };
      return { status: 'stopped', trailArns: covering.map((t) => t.TrailARN!), reason: `${why.join('; ')}.` };
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const kind = classifyAwsError(error);
      const reason =
        kind === 'access-denied'
          ? `${api} was denied (${detail}); allow ${api} to the identity Keycard runs as.`
          : `${api} ${kind === 'throttled' ? 'was throttled until the retry time ran out' : 'failed'} (${detail}).`;
      return { status: 'unreadable', trailArns: [], reason };
    }
  }

  async readAuthorizationDetails(): Promise<Pick<AccountRecords, 'roles' | 'managedPolicies'>> {
    const api = 'iam:GetAccountAuthorizationDetails';
    return this.#required(api, 'account', async () => {
      const roles: RoleRecord[] = [];
      const managedPolicies = new Map<string, ManagedPolicyRecord>();
      const client = this.#ledger.route(this.#clients.iam, api);
      // MaxItems 1000 (IAM's cap; IAM may still return fewer): about a tenth of the default pages.
      const pages = paginateGetAccountAuthorizationDetails(
        { client, pageSize: 1_000, stopOnSameToken: true },
        { Filter: [...AUTHORIZATION_DETAILS_FILTER] },
      );
      for await (const page of pages) {
        // A truncated page without a marker would silently end the listing early.
        if (page.IsTruncated === true && !page.Marker) throw new TypeError('IsTruncated page without a Marker');
        for (const role of page.RoleDetailList ?? []) roles.push(toRoleRecord(role));
        for (const policy of page.Policies ?? []) {
          const record = toManagedPolicyRecord(policy);
          if (record !== undefined) managedPolicies.set(record.Arn, record);
        }
      }
      return { roles, managedPolicies };
    });
  }

  async getRole(roleName: string): Promise<RoleRecord | undefined> {
    const iam = this.#clients.iam;
    const [role, attached, inline] = await Promise.all([
      this.#optional('iam:GetRole', roleName, async () => {
        const client = this.#ledger.route(iam, 'iam:GetRole');
        return (await client.send(new GetRoleCommand({ RoleName: roleName }))).Role;
      }),
      this.#optional('iam:ListAttachedRolePolicies', roleName, async () => {
        const client = this.#ledger.route(iam, 'iam:ListAttachedRolePolicies');
        const policies: AttachedPolicy[] = [];
        for await (const page of paginateListAttachedRolePolicies({ client, stopOnSameToken: true }, { RoleName: roleName })) {
          policies.push(...(page.AttachedPolicies ?? []));
        }
        return policies;
      }),
      this.#optional('iam:ListRolePolicies', roleName, () => this.#inlinePolicies(roleName)),
    ]);
    // Deleted between calls (or never there): not found, whichever call noticed first.
    if (role === undefined || attached === undefined || inline === undefined) return undefined;
    return toRoleRecord({ ...role, RolePolicyList: inline, AttachedManagedPolicies: attached });
  }

  async getManagedPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined> {
    const policy = await this.#cached(this.#managedPolicies, policyArn, () =>
      this.#optional('iam:GetPolicy', policyArn, async () => {
        const client = this.#ledger.route(this.#clients.iam, 'iam:GetPolicy');
        return (await client.send(new GetManagedPolicyCommand({ PolicyArn: policyArn }))).Policy;
      }),
    );
    const versionId = policy?.DefaultVersionId;
    if (policy === undefined || versionId === undefined) return undefined;
    const resource = `${policyArn} ${versionId}`;
    // A policy version never changes once created, so its document may outlive this reader: warm
    // containers then pay only GetPolicy (which says which version is the default) per policy.
    const versionKey = `${policyArn}#${policy.PolicyId ?? ''}#${versionId}`;
    const known = POLICY_VERSION_DOCUMENTS.get(versionKey);
    const document =
      known ??
      (await this.#cached(this.#policyVersions, resource, () =>
        this.#optional('iam:GetPolicyVersion', resource, async () => {
          const client = this.#ledger.route(this.#clients.iam, 'iam:GetPolicyVersion');
          const output = await client.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }));
          return output.PolicyVersion?.Document;
        }),
      ));
    if (document !== undefined && known === undefined) rememberPolicyVersion(versionKey, document);
    return toManagedPolicyRecord(policy, document);
  }

  async listRolesWithPolicy(policyArn: string): Promise<string[]> {
    const api = 'iam:ListEntitiesForPolicy';
    const names = await this.#optional(api, policyArn, async () => {
      const client = this.#ledger.route(this.#clients.iam, api);
      const roleNames: string[] = [];
      const pages = paginateListEntitiesForPolicy({ client, stopOnSameToken: true }, { PolicyArn: policyArn, EntityFilter: 'Role' });
      for await (const page of pages) {
        for (const role of page.PolicyRoles ?? []) if (role.RoleName !== undefined) roleNames.push(role.RoleName);
      }
      return roleNames;
    });
    return names ?? [];
  }

  async listFunctions(): Promise<FunctionConfigurationRecord[]> {
    const api = 'lambda:ListFunctions';
    return this.#required(api, 'region', async () => {
      const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
      const functions: FunctionConfigurationRecord[] = [];
      for await (const page of paginateListFunctions({ client, pageSize: LIST_FUNCTIONS_PAGE, stopOnSameToken: true }, {})) {
        for (const fn of page.Functions ?? []) functions.push(toFunctionRecord(fn));
      }
      return functions;
    });
  }

  async getFunctionConfiguration(functionName: string): Promise<FunctionConfigurationRecord | undefined> {
    const api = 'lambda:GetFunctionConfiguration';
    return this.#optional(api, functionName, async () => {
      const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
      const { $metadata: _metadata, ...fn } = await client.send(
        new GetFunctionConfigurationCommand({ FunctionName: functionName }),
      );
      return toFunctionRecord(fn);
    });
  }

  /**
   * Every version of every function, `$LATEST` included: ListFunctions with FunctionVersion=ALL
   * (ceil(V/50) calls for V versions). With a name: ListVersionsByFunction for that function.
   */
  async listFunctionVersions(functionName?: string): Promise<FunctionConfigurationRecord[]> {
    if (functionName !== undefined) {
      const api = 'lambda:ListVersionsByFunction';
      const versions = await this.#optional(api, functionName, async () => {
        const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
        const records: FunctionConfigurationRecord[] = [];
        const pages = paginateListVersionsByFunction(
          { client, pageSize: LIST_VERSIONS_PAGE, stopOnSameToken: true },
          { FunctionName: functionName },
        );
        for await (const page of pages) for (const fn of page.Versions ?? []) records.push(toFunctionRecord(fn));
        return records;
      });
      return versions ?? [];
    }
    const api = 'lambda:ListFunctions';
    return this.#required(api, 'region (FunctionVersion=ALL)', async () => {
      const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
      const functions: FunctionConfigurationRecord[] = [];
      const pages = paginateListFunctions({ client, pageSize: LIST_FUNCTIONS_PAGE, stopOnSameToken: true }, { FunctionVersion: 'ALL' });
      for await (const page of pages) for (const fn of page.Functions ?? []) functions.push(toFunctionRecord(fn));
      return functions;
    });
  }

  async listAliases(functionName: string): Promise<AliasRecord[]> {
    const api = 'lambda:ListAliases';
    const aliases = await this.#optional(api, functionName, async () => {
      const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
      const records: AliasRecord[] = [];
      const pages = paginateListAliases({ client, pageSize: LIST_ALIASES_PAGE, stopOnSameToken: true }, { FunctionName: functionName });
      for await (const page of pages) {
        for (const alias of page.Aliases ?? []) {
          if (alias.AliasArn === undefined || alias.Name === undefined || alias.FunctionVersion === undefined) {
            throw new TypeError(`Lambda returned an alias of ${functionName} without AliasArn, Name or FunctionVersion`);
          }
          records.push({ ...alias, AliasArn: alias.AliasArn, Name: alias.Name, FunctionVersion: alias.FunctionVersion } as AliasRecord);
        }
      }
      return records;
    });
    return aliases ?? [];
  }

  async getResourcePolicy(functionName: string, qualifier?: string): Promise<ResourcePolicyRecord | undefined> {
    const lookup = await this.lookupResourcePolicy(functionName, qualifier);
    return lookup.state === 'present' ? lookup.policy : undefined;
  }

  /**
   * GetPolicy, telling "the function has no policy" from "the function does not exist": Lambda
   * answers both with ResourceNotFoundException, the first with "The resource you requested does not
   * exist.", the second with "Function not found: <arn>".
   */
  async lookupResourcePolicy(functionName: string, qualifier?: string): Promise<ResourcePolicyLookup> {
    const api = 'lambda:GetPolicy';
    try {
      const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
      const input = qualifier === undefined ? { FunctionName: functionName } : { FunctionName: functionName, Qualifier: qualifier };
      const output = await client.send(new GetPolicyCommand(input));
      if (output.Policy === undefined) return { state: 'none' };
      return { state: 'present', policy: { Policy: output.Policy, RevisionId: output.RevisionId } };
    } catch (error) {
      if (classifyAwsError(error) !== 'not-found') throw this.#failure(api, qualifier === undefined ? functionName : `${functionName}:${qualifier}`, error);
      const message = error instanceof Error ? error.message : '';
      return /^function not found/i.test(message) ? { state: 'function-not-found' } : { state: 'none' };
    }
  }

  async listFunctionUrlConfigs(functionName: string): Promise<FunctionUrlConfigRecord[]> {
    const api = 'lambda:ListFunctionUrlConfigs';
    const configs = await this.#optional(api, functionName, async () => {
      const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
      const records: FunctionUrlConfigRecord[] = [];
      const pages = paginateListFunctionUrlConfigs(
        { client, pageSize: LIST_URL_CONFIGS_PAGE, stopOnSameToken: true },
        { FunctionName: functionName },
      );
      for await (const page of pages) records.push(...((page.FunctionUrlConfigs ?? []) as unknown as FunctionUrlConfigRecord[]));
      return records;
    });
    return configs ?? [];
  }

  async listEventSourceMappings(functionName?: string): Promise<EventSourceMappingRecord[]> {
    const api = 'lambda:ListEventSourceMappings';
    const mappings = await this.#optional(api, functionName ?? 'region', async () => {
      const client = this.#ledger.route(this.#clients.lambda, api, this.#limiter);
      const records: EventSourceMappingRecord[] = [];
      const input = functionName === undefined ? {} : { FunctionName: functionName };
      for await (const page of paginateListEventSourceMappings({ client, pageSize: LIST_MAPPINGS_PAGE, stopOnSameToken: true }, input)) {
        for (const mapping of page.EventSourceMappings ?? []) {
          records.push(checkEventSourceMappingRecord(mapping, api, `EventSourceMappings[${records.length}]`));
        }
      }
      return records;
    });
    return mappings ?? [];
  }

  /** ListRolePolicies, then GetRolePolicy for each; one deleted in between is simply gone. */
  async #inlinePolicies(roleName: string): Promise<PolicyDetail[]> {
    const iam = this.#clients.iam;
    const client = this.#ledger.route(iam, 'iam:ListRolePolicies');
    const names: string[] = [];
    for await (const page of paginateListRolePolicies({ client, stopOnSameToken: true }, { RoleName: roleName })) {
      names.push(...(page.PolicyNames ?? []));
    }
    const policies = await Promise.all(
      names.map((policyName) =>
        this.#optional('iam:GetRolePolicy', `${roleName}/${policyName}`, async () => {
          const getClient = this.#ledger.route(iam, 'iam:GetRolePolicy');
          const output = await getClient.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
          return { PolicyName: output.PolicyName ?? policyName, PolicyDocument: output.PolicyDocument ?? '' };
        }),
      ),
    );
    return policies.filter((policy) => policy !== undefined);
  }

  async #region(): Promise<string> {
    const region: unknown = this.#clients.lambda.config.region;
    const value = typeof region === 'function' ? await (region as () => Promise<string>)() : region;
    if (typeof value !== 'string' || value === '') {
      throw new TypeError('no AWS region configured: set AWS_REGION or pass --region');
    }
    return value;
  }

  /** Caches successful reads only, so a caller retrying a not-found (IAM is eventually consistent) reads again. */
  async #cached<T>(cache: Map<string, Promise<T | undefined>>, key: string, read: () => Promise<T | undefined>) {
    let pending = cache.get(key);
    if (pending === undefined) {
      pending = read();
      cache.set(key, pending);
    }
    try {
      const value = await pending;
      if (value === undefined) cache.delete(key);
      return value;
    } catch (error) {
      cache.delete(key);
      throw error;
    }
  }

  /** A read whose subject may have been deleted: not found is `undefined`. */
  async #optional<T>(api: string, resource: string, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (classifyAwsError(error) === 'not-found') return undefined;
      throw this.#failure(api, resource, error);
    }
  }

  /** A read that must succeed: not found is a failure too. */
  async #required<T>(api: string, resource: string, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw this.#failure(api, resource, error);
    }
  }

  #failure(api: string, resource: string, error: unknown): AccountReadError {
    if (error instanceof AccountReadError) return error;
    const source = `${api.split(':')[1] ?? api} ${resource}`;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // Account-level reads (the caller, the region's function list, the authorization details) cannot be left out.
    const accountLevel = ACCOUNT_LEVEL_RESOURCES.has(resource);
    const kind = classifyAwsError(error);
    if (kind === 'access-denied') {
      const leaveOut = accountLevel ? '' : ', or leave this resource out';
      return new AccountAccessDeniedError(source, `access denied (${detail}); allow ${api} to the identity Keycard runs as${leaveOut}`, { cause: error });
    }
    if (kind === 'throttled') {
      return new AccountThrottledError(
        source,
        `throttled (${detail}) until the retry time ran out; the account's API quota is busy (other deployments or tools): ` +
          'run again later, or lower --api-rate / AuditApiRate',
        { cause: error },
      );
    }
    return new AccountReadError(source, `read failed (${detail})${hintFor(error)}`, { cause: error });
  }
}

/** The `resource` names of reads that concern the whole account or region, not one resource. */
const ACCOUNT_LEVEL_RESOURCES = new Set(['caller', 'account', 'region']);

/** Actionable hints for the failures users hit first. */
function hintFor(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'CredentialsProviderError') {
    return '; no AWS credentials found: set AWS_PROFILE, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException'].includes(name)) {
    return '; the AWS credentials are expired or invalid: refresh them and run again';
  }
  if (error instanceof Error && /region is missing|region not accepted/i.test(error.message)) {
    return '; no AWS region configured: set AWS_REGION (or the profile\'s region) or pass --region';
  }
  return '';
}

/** Immutable policy-version documents, per container (ARN#PolicyId#VersionId -> document; PolicyId tells a re-created policy apart), bounded. */
const POLICY_VERSION_DOCUMENTS = new Map<string, string>();
const POLICY_VERSION_DOCUMENTS_MAX = 2_000;

function rememberPolicyVersion(key: string, document: string): void {
  if (POLICY_VERSION_DOCUMENTS.size >= POLICY_VERSION_DOCUMENTS_MAX) POLICY_VERSION_DOCUMENTS.clear();
  POLICY_VERSION_DOCUMENTS.set(key, document);
}

/** For tests: forget the documents remembered across readers. */
export function forgetPolicyVersionDocuments(): void {
  POLICY_VERSION_DOCUMENTS.clear();
}
