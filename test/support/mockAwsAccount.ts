/**
 * Serves a MockAccount through aws-sdk-client-mock in the shapes the real APIs return: IAM policy
 * documents URL-encoded (RFC 3986, as IAM sends them), Lambda resource policies as JSON strings,
 * list calls paginated with IsTruncated/Marker (IAM) or NextMarker (Lambda) and page sizes capped
 * like the services cap them, NoSuchEntity / ResourceNotFoundException (with Lambda's two messages)
 * for missing things. `mockClient(Class)` stubs every instance, module-scope clients included.
 * IAM writes (AttachRolePolicy, PutRolePolicy) change the account, so a re-read sees them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  AttachRolePolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand as GetManagedPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  LambdaServiceException,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListAliasesCommand,
  ListFunctionUrlConfigsCommand,
  ListVersionsByFunctionCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { AWSOrganizationsNotInUseException, DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// fromTemporaryCredentials (assumeRoleCredentials) calls STS through the SDK's inner client.
import { AssumeRoleCommand, STSClient as InnerSTSClient } from '@aws-sdk/nested-clients/sts';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsStub } from 'aws-sdk-client-mock';
import { fakeIdempotencyTable } from './fakeIdempotencyTable.ts';
import { functionArn, roleArn } from './MockAccount.ts';
import type { Doc, MockAccount, MockFunction, MockRole, MockTrail, MockVersion } from './MockAccount.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Stub = AwsStub<any, any, any>;
type Input = Record<string, unknown>;

/** IAM's encoding of policy documents (SDK v3 hands it over undecoded). */
export const iamEncode = (doc: Doc): string => encodeURIComponent(JSON.stringify(doc));

const CREATED = new Date('2025-01-15T09:30:00Z');
const encodeMarker = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');
const decodeMarker = (marker: unknown): number => (typeof marker === 'string' ? Number(Buffer.from(marker, 'base64').toString().slice(7)) : 0);

/** One page of `items` from the marker on, at most `max` (the service's cap) or the caller's MaxItems. */
function page<T>(items: readonly T[], input: Input, max: number, pageSize: number | undefined): { items: T[]; next?: string } {
  const start = decodeMarker(input.Marker);
  const size = Math.min(Number(input.MaxItems ?? pageSize ?? max), max, pageSize ?? max);
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: encodeMarker(end) } : {}) };
}

/** An unmodelled IAM/STS error as the SDK surfaces it (e.g. `AccessDenied`). */
export function iamError(name: string, message: string, status = 403): Error {
  return new IAMServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

export function iamAccessDenied(action: string, resource: string): Error {
  return iamError(
    'AccessDenied',
    `User: arn:aws:sts::111122223333:assumed-role/keycard-role/keycard is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  );
}

export function lambdaError(name: string, message: string, status = 403): Error {
  return new LambdaServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

export const noSuchRole = (name: string): Error =>
  new NoSuchEntityException({ message: `The role with name ${name} cannot be found.`, $metadata: { httpStatusCode: 404 } });

export interface ServeOptions {
  /** Force small pages (markers exercised) for every list call; default: each service's own default. */
  pageSize?: number;
}

interface Failure {
  api: string;
  error: Error;
  when: (input: Input, region?: string) => boolean;
  times: number;
}

export interface AwsMockOptions {
  /** Mock SNS Publish with aws-sdk-client-mock (default true; false leaves SNS to e.g. an HTTP-level fake). */
  sns?: boolean;
}

/**
 * Create once per test file (module scope): stubs every SDK client class the handlers use.
 * Then `serve(account)` (e.g. in beforeEach) resets the stubs and serves that account.
 */
export function createAwsMock(options: AwsMockOptions = {}) {
  const stubs = {
    iam: mockClient(IAMClient) as Stub,
    lambda: mockClient(LambdaClient) as Stub,
    sts: mockClient(STSClient) as Stub,
    assumeRole: mockClient(InnerSTSClient) as Stub,
    organizations: mockClient(OrganizationsClient) as Stub,
    cloudtrail: mockClient(CloudTrailClient) as Stub,
    sns: options.sns === false ? undefined : (mockClient(SNSClient) as Stub),
    eventBridge: mockClient(EventBridgeClient) as Stub,
    dynamoDB: mockClient(DynamoDBClient) as Stub,
  };
  let failures: Failure[] = [];
  let state: MockAccount | undefined;
  let idempotency: ReturnType<typeof fakeIdempotencyTable> = new Map();

  /** Throws an injected failure for `api` when one matches. */
  const maybeFail = (api: string, input: Input, region?: string): void => {
    const failure = failures.find((f) => f.api === api && f.times > 0 && f.when(input, region));
    if (failure === undefined) return;
    failure.times -= 1;
    throw failure.error;
  };
  /** `region`: the region of the client that sent the call (Lambda answers from that region's functions). */
  type Answer = (input: Input, region?: string) => unknown;
  type On = (stub: Stub, api: string, command: new (input: never) => unknown, answer: Answer) => void;
  const on: On = (stub, api, command, answer) => {
    stub.on(command as never).callsFake(async (input: Input, getClient?: () => unknown) => {
      // getClient() is read at once (clientRegion calls it before awaiting): it answers for the latest send.
      const region = await clientRegion(getClient);
      maybeFail(api, input, region);
      return answer(input, region);
    });
  };
  /** Organization tests (serve([hub, member, ...])): every call, with the account whose credentials sent it. */
  let callLog: { api: string; account: string }[] = [];
  let states: MockAccount[] = [];

  /**
   * Serves one account, or several: then the first is the caller's own (the environment's
   * credentials) and the others are reached through STS AssumeRole (any role name; `unassumable`
   * accounts are denied, as STS denies a role that does not exist or does not trust the caller).
   * Each call is answered from the account whose credentials the client holds.
   */
  function serve(account: MockAccount | MockAccount[], serveOptions: ServeOptions & { unassumable?: string[] } = {}) {
    for (const stub of Object.values(stubs)) stub?.reset();
    failures = [];
    callLog = [];
    const accounts = (Array.isArray(account) ? account : [account]).map((a) => structuredClone(a));
    states = accounts;
    state = accounts[0]!;
    if (accounts.length === 1) return serveOne(state, serveOptions, on);
    const home = state.accountId;
    const table = new Map<string, { stub: Stub; command: new (input: never) => unknown; byAccount: Map<string, Answer> }>();
    for (const acct of accounts) {
      serveOne(acct, serveOptions, (stub, api, command, answer) => {
        const entry = table.get(api) ?? { stub, command, byAccount: new Map<string, Answer>() };
        entry.byAccount.set(acct.accountId, answer);
        table.set(api, entry);
      });
    }
    for (const [api, entry] of table) {
      entry.stub.on(entry.command as never).callsFake(async (input: Input, getClient: () => { config: { credentials: () => Promise<{ accessKeyId: string }> } }) => {
        // The sending client, taken before any await: getClient answers for the latest send, and
        // calls in parallel (regions read at once) would otherwise see each other's client.
        const client = getClient();
        const { accessKeyId } = await client.config.credentials();
        // Assumed-role keys (below) carry the account; anything else is the caller's own.
        const caller = /^ASIA(\d{12})/.exec(accessKeyId)?.[1] ?? home;
        callLog.push({ api, account: caller });
        const region = await clientRegion(() => client);
        maybeFail(api, input, region);
        const answer = entry.byAccount.get(caller);
        if (answer === undefined) throw new Error(`mock: no answer for ${api} in account ${caller}`);
        return answer(input, region);
      });
    }
    const denied = new Set(serveOptions.unassumable ?? []);
    stubs.assumeRole.on(AssumeRoleCommand).callsFake((input: Input) => {
      const roleArn = String(input.RoleArn);
      const target = roleArn.split(':')[4] ?? '';
      callLog.push({ api: 'sts:AssumeRole', account: target });
      if (denied.has(target) || !accounts.some((a) => a.accountId === target)) {
        throw Object.assign(
          new Error(`User: arn:aws:sts::${home}:assumed-role/keycard-AuditRole-1A2B3C/keycard-audit is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`),
          { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } },
        );
      }
      return {
        Credentials: { AccessKeyId: `ASIA${target}EXMP`, SecretAccessKey: 'mock-secret', SessionToken: 'mock-token', Expiration: new Date(Date.now() + 3_600_000) },
        AssumedRoleUser: { AssumedRoleId: `AROAMOCK:${String(input.RoleSessionName)}`, Arn: `arn:aws:sts::${target}:assumed-role/${roleArn.split('/').pop()}/${String(input.RoleSessionName)}` },
      };
    });
    return state;
  }

  function serveOne(acct: MockAccount, serveOptions: ServeOptions, on: On): MockAccount {
    const { pageSize } = serveOptions;
    const findRole = (name: unknown): MockRole | undefined => acct.roles.find((r) => r.name.toLowerCase() === String(name).toLowerCase());
    const requireRole = (name: unknown): MockRole => {
      const role = findRole(name);
      if (role === undefined) throw noSuchRole(String(name));
      return role;
    };
    const policy = (arn: unknown) => acct.policies.find((p) => p.arn === arn);
    const policyMeta = (p: { arn: string; versionId?: string }) => {
      const name = p.arn.slice(p.arn.lastIndexOf('/') + 1);
      const path = p.arn.slice(p.arn.indexOf(':policy') + 7, p.arn.lastIndexOf('/') + 1);
      const attachments = acct.roles.filter((r) => (r.attached ?? []).includes(p.arn)).length;
      return {
        PolicyName: name,
        PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`,
        Arn: p.arn,
        Path: path,
        DefaultVersionId: p.versionId ?? 'v1',
        AttachmentCount: attachments,
        PermissionsBoundaryUsageCount: acct.roles.filter((r) => r.boundaryArn === p.arn).length,
        IsAttachable: true,
        CreateDate: CREATED,
        UpdateDate: CREATED,
      };
    };
    const roleBase = (role: MockRole) => ({
      Path: role.path ?? '/',
      RoleName: role.name,
      RoleId: `AROA${role.name.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17)}`,
      Arn: roleArn(acct, role),
      CreateDate: CREATED,
      AssumeRolePolicyDocument: iamEncode(role.trust ?? LAMBDA_TRUST_DOC),
      ...(role.boundaryArn === undefined ? {} : { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: role.boundaryArn } }),
      ...(role.tags === undefined ? {} : { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) }),
      RoleLastUsed: {},
    });
    const attachedOf = (role: MockRole) => (role.attached ?? []).map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn }));

    // --- STS
    on(stubs.sts, 'sts:GetCallerIdentity', GetCallerIdentityCommand, () => ({
      UserId: 'AROAEXAMPLEKEYCARD:keycard',
      Account: acct.accountId,
      Arn: `arn:aws:sts::${acct.accountId}:assumed-role/keycard-role/keycard`,
    }));

    // --- Organizations: the account's own organization, or "not in one"
    on(stubs.organizations, 'organizations:DescribeOrganization', DescribeOrganizationCommand, () => {
      if (acct.organizationId === undefined) {
        throw new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: { httpStatusCode: 400 } });
      }
      return { Organization: { Id: acct.organizationId, Arn: `arn:aws:organizations::${acct.accountId}:organization/${acct.organizationId}`, MasterAccountId: acct.accountId } };
    });

    // --- CloudTrail: the trails covering the region (readTrailStatus)
    const trails: MockTrail[] = acct.trails ?? [{ name: 'management-events' }];
    const trailArn = (t: MockTrail) => `arn:aws:cloudtrail:${t.homeRegion ?? acct.region}:${acct.accountId}:trail/${t.name}`;
    const trailOf = (nameOrArn: unknown) => trails.find((t) => trailArn(t) === nameOrArn || t.name === nameOrArn);
    on(stubs.cloudtrail, 'cloudtrail:DescribeTrails', DescribeTrailsCommand, () => ({
      trailList: trails.map((t) => ({
        Name: t.name,
        S3BucketName: `aws-cloudtrail-logs-${acct.accountId}`,
        IncludeGlobalServiceEvents: t.multiRegion ?? true,
        IsMultiRegionTrail: t.multiRegion ?? true,
        HomeRegion: t.homeRegion ?? acct.region,
        TrailARN: trailArn(t),
        LogFileValidationEnabled: true,
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      })),
    }));
    on(stubs.cloudtrail, 'cloudtrail:GetTrailStatus', GetTrailStatusCommand, (input) => ({ IsLogging: trailOf(input.Name)?.logging ?? true }));
    on(stubs.cloudtrail, 'cloudtrail:GetEventSelectors', GetEventSelectorsCommand, (input) => {
      const t = trailOf(input.TrailName);
      return { TrailARN: t && trailArn(t), EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: t?.managementEvents ?? true, DataResources: [] }] };
    });

    // --- IAM reads
    on(stubs.iam, 'iam:GetRole', GetRoleCommand, (input) => {
      const role = requireRole(input.RoleName);
      return { Role: { ...roleBase(role), MaxSessionDuration: 3600 } };
    });
    on(stubs.iam, 'iam:ListAttachedRolePolicies', ListAttachedRolePoliciesCommand, (input) => {
      const { items, next } = page(attachedOf(requireRole(input.RoleName)), input, 1000, pageSize ?? 100);
      return { AttachedPolicies: items, IsTruncated: next !== undefined, ...(next === undefined ? {} : { Marker: next }) };
    });
    on(stubs.iam, 'iam:ListRolePolicies', ListRolePoliciesCommand, (input) => {
      const { items, next } = page(Object.keys(requireRole(input.RoleName).inline ?? {}), input, 1000, pageSize ?? 100);
      return { PolicyNames: items, IsTruncated: next !== undefined, ...(next === undefined ? {} : { Marker: next }) };
    });
    on(stubs.iam, 'iam:GetRolePolicy', GetRolePolicyCommand, (input) => {
      const role = requireRole(input.RoleName);
      const doc = role.inline?.[String(input.PolicyName)];
      if (doc === undefined) {
        throw new NoSuchEntityException({ message: `The role policy with name ${String(input.PolicyName)} cannot be found.`, $metadata: { httpStatusCode: 404 } });
      }
      return { RoleName: role.name, PolicyName: input.PolicyName, PolicyDocument: iamEncode(doc) };
    });
    on(stubs.iam, 'iam:GetPolicy', GetManagedPolicyCommand, (input) => {
      const p = policy(input.PolicyArn);
      if (p === undefined) {
        throw new NoSuchEntityException({ message: `Policy ${String(input.PolicyArn)} does not exist or is not attachable.`, $metadata: { httpStatusCode: 404 } });
      }
      return { Policy: policyMeta(p) };
    });
    on(stubs.iam, 'iam:GetPolicyVersion', GetPolicyVersionCommand, (input) => {
      const p = policy(input.PolicyArn);
      if (p === undefined || (p.versionId ?? 'v1') !== input.VersionId) {
        throw new NoSuchEntityException({ message: `Policy ${String(input.PolicyArn)} version ${String(input.VersionId)} does not exist.`, $metadata: { httpStatusCode: 404 } });
      }
      return { PolicyVersion: { Document: iamEncode(p.document), VersionId: p.versionId ?? 'v1', IsDefaultVersion: true, CreateDate: CREATED } };
    });
    on(stubs.iam, 'iam:ListEntitiesForPolicy', ListEntitiesForPolicyCommand, (input) => {
      const roles = acct.roles.filter((r) => (r.attached ?? []).includes(String(input.PolicyArn)));
      const { items, next } = page(roles, input, 1000, pageSize ?? 100);
      return {
        PolicyGroups: [],
        PolicyUsers: [],
        PolicyRoles: items.map((r) => ({ RoleName: r.name, RoleId: roleBase(r).RoleId })),
        IsTruncated: next !== undefined,
        ...(next === undefined ? {} : { Marker: next }),
      };
    });
    on(stubs.iam, 'iam:GetAccountAuthorizationDetails', GetAccountAuthorizationDetailsCommand, (input) => {
      const entities: ({ kind: 'role'; role: MockRole } | { kind: 'policy'; arn: string })[] = [
        ...acct.roles.map((role) => ({ kind: 'role' as const, role })),
        ...acct.policies.map((p) => ({ kind: 'policy' as const, arn: p.arn })),
      ];
      const { items, next } = page(entities, input, 1000, pageSize ?? 100);
      return {
        UserDetailList: [],
        GroupDetailList: [],
        RoleDetailList: items.flatMap((e) =>
          e.kind !== 'role'
            ? []
            : [
                {
                  ...roleBase(e.role),
                  InstanceProfileList: [],
                  RolePolicyList: Object.entries(e.role.inline ?? {}).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: iamEncode(doc) })),
                  AttachedManagedPolicies: attachedOf(e.role),
                },
              ],
        ),
        Policies: items.flatMap((e) => {
          const p = e.kind === 'policy' ? policy(e.arn) : undefined;
          if (p === undefined) return [];
          const { UpdateDate: _u, ...meta } = policyMeta(p);
          return [{ ...meta, UpdateDate: CREATED, PolicyVersionList: [{ Document: iamEncode(p.document), VersionId: p.versionId ?? 'v1', IsDefaultVersion: true, CreateDate: CREATED }] }];
        }),
        IsTruncated: next !== undefined,
        ...(next === undefined ? {} : { Marker: next }),
      };
    });

    // --- IAM writes change the account, so the re-read after a remediation sees the change.
    on(stubs.iam, 'iam:AttachRolePolicy', AttachRolePolicyCommand, (input) => {
      const role = requireRole(input.RoleName);
      const arn = String(input.PolicyArn);
      if (!(role.attached ?? []).includes(arn)) role.attached = [...(role.attached ?? []), arn];
      return {};
    });
    on(stubs.iam, 'iam:PutRolePolicy', PutRolePolicyCommand, (input) => {
      const role = requireRole(input.RoleName);
      role.inline = { ...role.inline, [String(input.PolicyName)]: JSON.parse(String(input.PolicyDocument)) as Doc };
      return {};
    });

    // --- Lambda
    // A function given a region lives there only: a client of another region does not see it. One given
    // none answers every region's client, under the account's region (what single-region scenarios need).
    const regionOfFn = (fn: MockFunction): string => fn.region ?? acct.region;
    const functionsIn = (region: string | undefined): MockFunction[] =>
      acct.functions.filter((fn) => fn.region === undefined || fn.region === (region ?? acct.region));
    const fnArn = (fn: MockFunction): string => functionArn({ accountId: acct.accountId, region: regionOfFn(fn) }, fn.name);
    const fnByIdentifier = (identifier: unknown, region?: string): MockFunction | undefined => {
      const id = String(identifier);
      const parts = id.split(':');
      const name = id.startsWith('arn:') ? parts[6] : /^\d{12}:function:/.test(id) ? parts[2] : parts[0];
      const where = id.startsWith('arn:') ? parts[3] : region;
      return functionsIn(where).find((fn) => fn.name === name);
    };
    const functionNotFound = (identifier: unknown, region?: string) =>
      new ResourceNotFoundException({
        Type: 'User',
        message: `Function not found: ${String(identifier).startsWith('arn:') ? String(identifier) : functionArn({ accountId: acct.accountId, region: region ?? acct.region }, String(identifier))}`,
        $metadata: { httpStatusCode: 404 },
      });
    const configuration = (fn: MockFunction) => {
      const role = findRole(fn.role);
      const name = fn.name;
      return {
        FunctionName: name,
        FunctionArn: fnArn(fn),
        Runtime: fn.runtime ?? 'nodejs22.x',
        Role: fn.role.startsWith('arn:') ? fn.role : role === undefined ? `arn:aws:iam::${acct.accountId}:role/${fn.role}` : roleArn(acct, role),
        Handler: 'index.handler',
        CodeSize: 4812,
        Description: '',
        Timeout: 30,
        MemorySize: 256,
        LastModified: '2025-11-18T09:58:41.000+0000',
        CodeSha256: 'q1Nf1H8dD9mUxwR0kJ4bq0rYt0QmC4Gm0c3i9l7kz2E=',
        Version: '$LATEST',
        ...(fn.environment === undefined ? {} : { Environment: { Variables: fn.environment } }),
        TracingConfig: { Mode: 'PassThrough' },
        RevisionId: '6f1f0d2e-8c3b-4a7d-9e5f-0a1b2c3d4e5f',
        State: 'Active',
        LastUpdateStatus: 'Successful',
        PackageType: 'Zip',
        Architectures: ['arm64'],
        EphemeralStorage: { Size: 512 },
        SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
        RuntimeVersionConfig: { RuntimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9' },
        LoggingConfig: { LogFormat: 'Text', LogGroup: fn.logGroup ?? `/aws/lambda/${name}` },
      };
    };
    /** A published version's configuration: the function's, with the version's ARN, number and role. */
    const versionConfiguration = (fn: MockFunction, version: MockVersion) => {
      const base = configuration(fn);
      const role = version.role === undefined ? undefined : findRole(version.role);
      return {
        ...base,
        FunctionArn: `${base.FunctionArn}:${version.version}`,
        Version: version.version,
        ...(version.role === undefined ? {} : { Role: role === undefined ? `arn:aws:iam::${acct.accountId}:role/${version.role}` : roleArn(acct, role) }),
        RevisionId: `6f1f0d2e-8c3b-4a7d-9e5f-${version.version.padStart(12, '0')}`,
      };
    };
    /** `$LATEST` as FunctionVersion=ALL lists it: its ARN carries the `:$LATEST` qualifier. */
    const allVersionsOf = (fn: MockFunction) => [
      { ...configuration(fn), FunctionArn: `${fnArn(fn)}:$LATEST` },
      ...(fn.versions ?? []).map((v) => versionConfiguration(fn, v)),
    ];
    on(stubs.lambda, 'lambda:ListFunctions', ListFunctionsCommand, (input, region) => {
      const listed = input.FunctionVersion === 'ALL' ? functionsIn(region).flatMap(allVersionsOf) : functionsIn(region).map(configuration);
      const { items, next } = page(listed, input, 50, pageSize ?? 50);
      return { Functions: items, ...(next === undefined ? {} : { NextMarker: next }) };
    });
    on(stubs.lambda, 'lambda:ListVersionsByFunction', ListVersionsByFunctionCommand, (input, region) => {
      const fn = fnByIdentifier(input.FunctionName, region);
      if (fn === undefined) throw functionNotFound(input.FunctionName, region);
      const { items, next } = page(allVersionsOf(fn), input, 10_000, pageSize ?? 50);
      return { Versions: items, ...(next === undefined ? {} : { NextMarker: next }) };
    });
    on(stubs.lambda, 'lambda:ListAliases', ListAliasesCommand, (input, region) => {
      const fn = fnByIdentifier(input.FunctionName, region);
      if (fn === undefined) throw functionNotFound(input.FunctionName, region);
      const aliases = (fn.aliases ?? []).map((alias) => ({
        AliasArn: `${fnArn(fn)}:${alias.name}`,
        Name: alias.name,
        FunctionVersion: alias.version,
        Description: '',
        ...(alias.weights === undefined ? {} : { RoutingConfig: { AdditionalVersionWeights: alias.weights } }),
        RevisionId: '0c7a3ea0-3c6b-4d7b-9f0e-5f2f6f0c1a11',
      }));
      const { items, next } = page(aliases, input, 10_000, pageSize ?? 50);
      return { Aliases: items, ...(next === undefined ? {} : { NextMarker: next }) };
    });
    on(stubs.lambda, 'lambda:GetFunctionConfiguration', GetFunctionConfigurationCommand, (input, region) => {
      const fn = fnByIdentifier(input.FunctionName, region);
      if (fn === undefined) throw functionNotFound(input.FunctionName, region);
      // With a qualifier (Qualifier, or on the name): that version's configuration; an alias's is the
      // configuration of the version it points at, under the alias's ARN.
      const named = String(input.FunctionName).startsWith('arn:') ? String(input.FunctionName).split(':')[7] : String(input.FunctionName).split(':')[1];
      const qualifier = (input.Qualifier as string | undefined) ?? named;
      if (qualifier === undefined || qualifier === '$LATEST') return configuration(fn);
      const version = (fn.versions ?? []).find((v) => v.version === qualifier);
      if (version !== undefined) return versionConfiguration(fn, version);
      const alias = (fn.aliases ?? []).find((a) => a.name === qualifier);
      if (alias === undefined) throw functionNotFound(`${fnArn(fn)}:${qualifier}`);
      const target = (fn.versions ?? []).find((v) => v.version === alias.version);
      const base = target === undefined ? configuration(fn) : versionConfiguration(fn, target);
      return { ...base, FunctionArn: `${fnArn(fn)}:${alias.name}` };
    });
    on(stubs.lambda, 'lambda:GetPolicy', GetPolicyCommand, (input, region) => {
      const fn = fnByIdentifier(input.FunctionName, region);
      if (fn === undefined) throw functionNotFound(input.FunctionName, region);
      // The qualifier comes as Qualifier or on the name (`orders:live`).
      const named = String(input.FunctionName).startsWith('arn:') ? String(input.FunctionName).split(':')[7] : String(input.FunctionName).split(':')[1];
      const qualifier = (input.Qualifier as string | undefined) ?? named;
      let document = fn.resourcePolicy;
      if (qualifier !== undefined && qualifier !== '$LATEST') {
        const target = (fn.versions ?? []).find((v) => v.version === qualifier) ?? (fn.aliases ?? []).find((a) => a.name === qualifier);
        if (target === undefined) throw functionNotFound(`${fnArn(fn)}:${qualifier}`);
        document = target.resourcePolicy;
      }
      if (document === undefined) {
        throw new ResourceNotFoundException({ Type: 'User', message: 'The resource you requested does not exist.', $metadata: { httpStatusCode: 404 } });
      }
      return { Policy: JSON.stringify(document), RevisionId: '6f1f0d2e-8c3b-4a7d-9e5f-0a1b2c3d4e5f' };
    });
    on(stubs.lambda, 'lambda:ListFunctionUrlConfigs', ListFunctionUrlConfigsCommand, (input, region) => {
      const fn = fnByIdentifier(input.FunctionName, region);
      if (fn === undefined) throw functionNotFound(input.FunctionName, region);
      const urls = (fn.urls ?? []).map((url, i) => ({
        FunctionUrl: `https://${fn.name.replace(/[^a-z0-9]/g, '')}${i}abcdefghijklmnopq.lambda-url.${regionOfFn(fn)}.on.aws/`,
        FunctionArn: `${fnArn(fn)}${url.qualifier === undefined ? '' : `:${url.qualifier}`}`,
        AuthType: url.authType,
        CreationTime: '2025-11-18T10:05:00.000000Z',
        LastModifiedTime: '2025-11-18T10:05:00.000000Z',
        InvokeMode: 'BUFFERED',
      }));
      const { items, next } = page(urls, input, 50, pageSize ?? 50);
      return { FunctionUrlConfigs: items, ...(next === undefined ? {} : { NextMarker: next }) };
    });
    on(stubs.lambda, 'lambda:ListEventSourceMappings', ListEventSourceMappingsCommand, (input, region) => {
      const wanted = input.FunctionName === undefined ? undefined : fnByIdentifier(input.FunctionName, region)?.name ?? '\0';
      const mappings = (acct.eventSourceMappings ?? [])
        .filter((m) => wanted === undefined || m.functionName.split(':')[0] === wanted)
        .map((m) => ({ UUID: m.uuid, FunctionArn: functionArn(acct, m.functionName), EventSourceArn: m.eventSourceArn, State: 'Enabled', BatchSize: 10 }));
      const { items, next } = page(mappings, input, 100, pageSize ?? 100);
      return { EventSourceMappings: items, ...(next === undefined ? {} : { NextMarker: next }) };
    });
    on(stubs.lambda, 'lambda:Invoke', InvokeCommand, () => ({ StatusCode: 202, Payload: new Uint8Array() }));

    // --- Publishers and the idempotency table
    if (stubs.sns !== undefined) {
      let n = 0;
      on(stubs.sns, 'sns:Publish', PublishCommand, () => ({ MessageId: `5e1b6a77-0f3c-5e2a-9d1b-${String(++n).padStart(12, '0')}` }));
    }
    let eventIds = 0;
    on(stubs.eventBridge, 'events:PutEvents', PutEventsCommand, (input) => {
      const entries = (input.Entries ?? []) as PutEventsRequestEntry[];
      return { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: `11111111-2222-3333-4444-${String(++eventIds).padStart(12, '0')}` })) };
    });
    idempotency = fakeIdempotencyTable(stubs.dynamoDB);
    return acct;
  }

  return {
    stubs,
    serve,
    /** The account as it is now (after any IAM writes). */
    get account(): MockAccount {
      if (state === undefined) throw new Error('serve(account) first');
      return state;
    },
    /** With several accounts served: one of them as it is now. */
    accountById(accountId: string): MockAccount | undefined {
      return states.find((a) => a.accountId === accountId);
    },
    /** With several accounts served: each call and the account whose credentials sent it. */
    get callLog(): readonly { api: string; account: string }[] {
      return callLog;
    },
    /** The idempotency records in the stack's table (a copy, without the role index's items). */
    get idempotencyTable() {
      return new Map([...idempotency].filter(([id]) => !id.startsWith('keycard:role-functions')));
    },
    /** The whole table, role index items included (live: changes show). */
    get table() {
      return idempotency;
    },
    /** Make `api` (e.g. `iam:GetRole`) fail with `error` for inputs (and the sending client's region) matching `when`, `times` times (default always). */
    fail(api: string, error: Error, when: (input: Input, region?: string) => boolean = () => true, times = Number.POSITIVE_INFINITY): void {
      failures.push({ api, error, when, times });
    },
    /** Calls received by the mocks, by API (`iam:GetRole`), all clients together. */
    calls(): Record<string, number> {
      const counts: Record<string, number> = {};
      const prefixes: [Stub | undefined, string][] = [
        [stubs.iam, 'iam'],
        [stubs.lambda, 'lambda'],
        [stubs.sts, 'sts'],
        [stubs.sns, 'sns'],
        [stubs.eventBridge, 'events'],
        [stubs.dynamoDB, 'dynamodb'],
      ];
      for (const [stub, prefix] of prefixes) {
        for (const call of stub?.calls() ?? []) {
          const name = (call.args[0] as object).constructor.name.replace(/Command$/, '');
          const api = `${prefix}:${name}`;
          counts[api] = (counts[api] ?? 0) + 1;
        }
      }
      return counts;
    },
    /** Forget the calls seen so far (the account and its handlers stay). */
    resetHistory(): void {
      for (const stub of Object.values(stubs)) stub?.resetHistory();
    },
    restore(): void {
      for (const stub of Object.values(stubs)) stub?.restore();
    },
  };
}

export type AwsMock = ReturnType<typeof createAwsMock>;

/** The region of the SDK client that sent a call (aws-sdk-client-mock hands the client over). */
async function clientRegion(getClient: (() => unknown) | undefined): Promise<string | undefined> {
  try {
    const region = (getClient?.() as { config?: { region?: unknown } } | undefined)?.config?.region;
    if (typeof region === 'function') return String(await (region as () => Promise<string>)());
    return typeof region === 'string' ? region : undefined;
  } catch {
    return undefined; // a client without a region: the account's
  }
}

const LAMBDA_TRUST_DOC: Doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
