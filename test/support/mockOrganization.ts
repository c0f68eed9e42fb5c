/**
 * An AWS Organization served through aws-sdk-client-mock for `keycard audit --live --org`: the
 * caller's account (any long-term key, AKIA...: CALLER_KEY in the environment, or a profile's), Organizations' ListAccounts (20 a page), STS
 * AssumeRole through the SDK's inner STS client (what fromTemporaryCredentials calls), and every
 * member account's IAM, Lambda and STS answering as the account whose credentials signed the call:
 * a session's key id names its account, so a read signed with the wrong credentials reads the wrong
 * account. List calls are paginated with the services' page sizes. Optional latency per call, and a
 * record of which account every call was made in (the caller's or a member's).
 */
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AssumeRoleCommand, STSClient as InnerSTSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';

export const CALLER_ACCOUNT = '999999999999';
export const CALLER_KEY = 'AKIACALLER';

export interface MockMember {
  id: string;
  name: string;
  state?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';
  /** AssumeRole into this account is denied (the role is missing or does not trust the caller). */
  denied?: boolean;
  /** The role is assumed, but ListFunctions is denied to it (a role without the reads, or an SCP). */
  listFunctionsDenied?: boolean;
  /** Functions `orders-0` ... `orders-(n-1)`, all running as role `fn-role`. */
  functions: number;
  /** fn-role has `*` on `*`. */
  admin?: boolean;
  /** orders-0 may be invoked by anyone. */
  public?: boolean;
  /** orders-1's resource policy lets IAM-authenticated callers use its function URL (so its URL configs are read). */
  urlPolicy?: boolean;
}

export interface OrganizationMockOptions {
  members: MockMember[];
  /** Milliseconds every mocked call takes (default 0). */
  latencyMs?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type GetClient = () => any;

const TRUST = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
const ADMIN = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));
const REGION_OF_CALL = 'us-east-1';

export function createOrganizationMock() {
  const stubs = {
    iam: mockClient(IAMClient),
    lambda: mockClient(LambdaClient),
    sts: mockClient(STSClient),
    inner: mockClient(InnerSTSClient),
    organizations: mockClient(OrganizationsClient),
  };
  /** `account action` for every call, in order: `999999999999 sts:AssumeRole`, `111111111111 lambda:GetPolicy`. */
  const calls: string[] = [];
  const tracking = { inFlight: 0, maxInFlight: 0 };

  function serve(options: OrganizationMockOptions): void {
    for (const stub of Object.values(stubs)) stub.reset();
    calls.length = 0;
    tracking.inFlight = 0;
    tracking.maxInFlight = 0;
    const members = new Map(options.members.map((m) => [m.id, m]));
    const wait = () => (options.latencyMs ? new Promise((resolve) => setTimeout(resolve, options.latencyMs)) : Promise.resolve());
    const accountOf = async (getClient: GetClient): Promise<string> => {
      const { accessKeyId } = (await getClient().config.credentials()) as { accessKeyId: string };
      // Long-term keys (AKIA...: the environment's or a profile's) are the caller's; sessions (ASIA + account) a member's.
      return accessKeyId.startsWith('AKIA') ? CALLER_ACCOUNT : accessKeyId.replace(/^ASIA/, '');
    };
    const memberOf = (account: string): MockMember => {
      const member = members.get(account);
      if (member === undefined) throw new Error(`mockOrganization: a call signed as ${account}, which is no member`);
      return member;
    };
    const record = async (action: string, getClient: GetClient): Promise<string> => {
      const account = await accountOf(getClient);
      calls.push(`${account} ${action}`);
      await wait();
      return account;
    };
    const functionArn = (account: string, i: number) => `arn:aws:lambda:${REGION_OF_CALL}:${account}:function:orders-${i}`;

    stubs.organizations.on(ListAccountsCommand).callsFake(async (input: { NextToken?: string; MaxResults?: number }, getClient: GetClient) => {
      await record('organizations:ListAccounts', getClient);
      const start = Number(input.NextToken ?? 0);
      const end = start + Math.min(input.MaxResults ?? 20, 20);
      const accounts = options.members.slice(start, end).map((m) => ({ Id: m.id, Name: m.name, State: m.state ?? 'ACTIVE' }));
      return { Accounts: accounts, ...(end < options.members.length ? { NextToken: String(end) } : {}) };
    });
    stubs.inner.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }, getClient: GetClient) => {
      await record('sts:AssumeRole', getClient);
      const account = input.RoleArn.split(':')[4]!;
      if (members.get(account)?.denied === true || !members.has(account)) {
        throw Object.assign(new Error(`User: arn:aws:iam::${CALLER_ACCOUNT}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      }
      return { Credentials: { AccessKeyId: `ASIA${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } };
    });
    stubs.sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient: GetClient) => {
      const account = await record('sts:GetCallerIdentity', getClient);
      const arn = account === CALLER_ACCOUNT ? `arn:aws:iam::${CALLER_ACCOUNT}:user/auditor` : `arn:aws:sts::${account}:assumed-role/KeycardReadRole/keycard-audit`;
      return { Account: account, Arn: arn, UserId: 'AIDAEXAMPLE' };
    });
    stubs.iam.on(GetAccountAuthorizationDetailsCommand).callsFake(async (_input, getClient: GetClient) => {
      const account = await record('iam:GetAccountAuthorizationDetails', getClient);
      const policies = memberOf(account).admin ? [{ PolicyName: 'all', PolicyDocument: ADMIN }] : [];
      return {
        RoleDetailList: [{ RoleName: 'fn-role', Arn: `arn:aws:iam::${account}:role/fn-role`, Path: '/', AssumeRolePolicyDocument: TRUST, RolePolicyList: policies, AttachedManagedPolicies: [] }],
        Policies: [],
        IsTruncated: false,
      };
    });
    stubs.lambda.on(ListFunctionsCommand).callsFake(async (input: { FunctionVersion?: string; Marker?: string; MaxItems?: number }, getClient: GetClient) => {
      tracking.inFlight += 1;
      tracking.maxInFlight = Math.max(tracking.maxInFlight, tracking.inFlight);
      try {
        const account = await record('lambda:ListFunctions', getClient);
        // Long enough for every account's first page to overlap with the others' under concurrency.
        if (!options.latencyMs) await new Promise((resolve) => setTimeout(resolve, 20));
        const member = memberOf(account);
        if (member.listFunctionsDenied === true) {
          throw Object.assign(new Error(`User: arn:aws:sts::${account}:assumed-role/KeycardReadRole/keycard-audit is not authorized to perform: lambda:ListFunctions`), {
            name: 'AccessDeniedException',
            $metadata: { httpStatusCode: 403 },
          });
        }
        const start = Number(input.Marker ?? 0);
        const end = Math.min(start + Math.min(input.MaxItems ?? 50, 50), member.functions);
        const functions = [];
        for (let i = start; i < end; i++) {
          const arn = functionArn(account, i);
          const config = { FunctionName: `orders-${i}`, FunctionArn: arn, Role: `arn:aws:iam::${account}:role/fn-role`, Runtime: 'nodejs22.x', Version: '$LATEST', PackageType: 'Zip' as const };
          functions.push(input.FunctionVersion === 'ALL' ? { ...config, FunctionArn: `${arn}:$LATEST` } : config);
        }
        return { Functions: functions, ...(end < member.functions ? { NextMarker: String(end) } : {}) };
      } finally {
        tracking.inFlight -= 1;
      }
    });
    stubs.lambda.on(ListAliasesCommand).callsFake(async (_input, getClient: GetClient) => {
      await record('lambda:ListAliases', getClient);
      return { Aliases: [] };
    });
    stubs.lambda.on(ListFunctionUrlConfigsCommand).callsFake(async (_input, getClient: GetClient) => {
      await record('lambda:ListFunctionUrlConfigs', getClient);
      return { FunctionUrlConfigs: [] };
    });
    stubs.lambda.on(ListEventSourceMappingsCommand).callsFake(async (_input, getClient: GetClient) => {
      await record('lambda:ListEventSourceMappings', getClient);
      return { EventSourceMappings: [] };
    });
    stubs.lambda.on(GetPolicyCommand).callsFake(async (input: { FunctionName?: string }, getClient: GetClient) => {
      const account = await record('lambda:GetPolicy', getClient);
      const name = (input.FunctionName ?? '').split(':function:').pop();
      const member = memberOf(account);
      if (member.public === true && name === 'orders-0') {
        const statement = { Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: functionArn(account, 0) };
        return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) };
      }
      if (member.urlPolicy === true && name === 'orders-1') {
        const condition = { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } };
        const statement = { Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: functionArn(account, 1), Condition: condition };
        return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) };
      }
      throw new ResourceNotFoundException({ message: 'The resource you requested does not exist.', $metadata: {} });
    });
  }

  return { stubs, calls, tracking, serve, restore: () => Object.values(stubs).forEach((stub) => stub.restore()) };
}
