import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountAccessDeniedError, AccountReadError } from '../../../shared/account/errors.ts';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';
import { forgetPolicyVersionDocuments } from '../../../shared/account/live/LiveAccountReader.ts';
import { loadFixture } from './loadFixture.ts';
import { servePages } from './servePages.ts';

const region = 'us-east-1';
const iam = new IAMClient({ region });
const lambda = new LambdaClient({ region });
const sts = new STSClient({ region });
const iamMock = mockClient(iam);
const stsMock = mockClient(sts);
mockClient(lambda);

const reader = () => createLiveAccountReader({ clients: { iam, lambda, sts } });
const ORDERS_WRITE = 'arn:aws:iam::123456789012:policy/orders-table-write';
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const noSuchEntity = (message: string) => new NoSuchEntityException({ message, $metadata: { httpStatusCode: 404 } });
const accessDenied = (action: string) =>
  new IAMServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:sts::123456789012:assumed-role/keycard-audit/keycard is not authorized to perform: ${action}`,
  });

beforeEach(() => {
  forgetPolicyVersionDocuments();
  iamMock.reset();
  stsMock.reset();
});

describe('readAuthorizationDetails', () => {
  beforeEach(() => {
    authorizationInputs = servePages(iamMock, GetAccountAuthorizationDetailsCommand, [
      'iam/get-account-authorization-details.page1.json',
      'iam/get-account-authorization-details.page2.json',
    ]);
  });
  let authorizationInputs: Record<string, unknown>[];

  it('follows Marker while IsTruncated, even when a page holds fewer items than MaxItems', async () => {
    const { roles } = await reader().readAuthorizationDetails();

    expect(roles.map((role) => role.RoleName)).toEqual(['orders-api-role', 'billing-worker-role', 'reports-role']);
    expect(authorizationInputs).toHaveLength(2);
    expect(authorizationInputs[0]).toMatchObject({ Filter: ['Role', 'LocalManagedPolicy', 'AWSManagedPolicy'], Marker: undefined });
    expect(authorizationInputs[1]?.Marker).toBe(
      loadFixture<{ Marker: string }>('iam/get-account-authorization-details.page1.json').Marker,
    );
  });

  it('makes only GetAccountAuthorizationDetails calls, one per page, and nothing per role', async () => {
    const live = reader();
    await live.readAuthorizationDetails();

    expect(live.callCounts()).toEqual({ 'iam:GetAccountAuthorizationDetails': 2 });
  });

  it('URL-decodes trust and inline policy documents to JSON strings, keeping a + as a +', async () => {
    const { roles } = await reader().readAuthorizationDetails();
    const orders = roles[0];

    expect(JSON.parse(orders?.AssumeRolePolicyDocument as string).Statement[0].Principal).toEqual({
      Service: 'lambda.amazonaws.com',
    });
    const inline = JSON.parse(orders?.RolePolicyList?.[0]?.PolicyDocument as string);
    expect(inline.Statement[0].Resource).toBe('arn:aws:s3:::orders+archive/*');
    expect(inline.Statement[0].Condition).toEqual({ StringEquals: { 'aws:PrincipalTag/team': 'a b' } });
  });

  it('keys managed policies by ARN with the default version document, not an older one', async () => {
    const { managedPolicies } = await reader().readAuthorizationDetails();

    expect([...managedPolicies.keys()]).toEqual([BASIC, ORDERS_WRITE]);
    const basic = managedPolicies.get(BASIC);
    expect(basic).toMatchObject({ PolicyName: 'AWSLambdaBasicExecutionRole', DefaultVersionId: 'v2' });
    expect(JSON.parse(basic?.Document as string).Statement[0].Action).toContain('logs:PutLogEvents');
    expect(basic).not.toHaveProperty('PolicyVersionList');
  });

  it('keeps attachments, the permissions boundary and tags of each role', async () => {
    const { roles } = await reader().readAuthorizationDetails();

    expect(roles[0]?.AttachedManagedPolicies).toEqual([{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC }]);
    expect(roles[0]?.Tags).toEqual([{ Key: 'team', Value: 'orders' }]);
    expect(roles[1]?.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: ORDERS_WRITE });
  });

  it('refuses a truncated page without a Marker rather than returning part of the account', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({ RoleDetailList: [], IsTruncated: true });

    await expect(reader().readAuthorizationDetails()).rejects.toThrow(AccountReadError);
  });

  it('reports AccessDenied as AccountAccessDeniedError naming the call and the permission', async () => {
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(accessDenied('iam:GetAccountAuthorizationDetails'));

    const error = await reader().readAuthorizationDetails().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountAccessDeniedError);
    expect((error as Error).message).toMatch(/^GetAccountAuthorizationDetails account: access denied .*allow iam:GetAccountAuthorizationDetails/);
  });
});

describe('getRole', () => {
  function mockRole() {
    iamMock.on(GetRoleCommand, { RoleName: 'orders-api-role' }).resolves(loadFixture('iam/get-role.json'));
    iamMock
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce(loadFixture('iam/list-attached-role-policies.page1.json'))
      .resolvesOnce(loadFixture('iam/list-attached-role-policies.page2.json'));
    iamMock.on(ListRolePoliciesCommand).resolves(loadFixture('iam/list-role-policies.json'));
    iamMock.on(GetRolePolicyCommand, { PolicyName: 'orders-archive-read' }).resolves(loadFixture('iam/get-role-policy.json'));
    iamMock.on(GetRolePolicyCommand, { PolicyName: 'orders-queue-send' }).resolves({
      RoleName: 'orders-api-role',
      PolicyName: 'orders-queue-send',
      PolicyDocument: encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}'),
    });
  }

  it('assembles the role from GetRole, every page of attached policies and each inline policy', async () => {
    mockRole();

    const role = await reader().getRole('orders-api-role');

    expect(role).toMatchObject({
      RoleName: 'orders-api-role',
      Arn: 'arn:aws:iam::123456789012:role/service-role/orders-api-role',
      Tags: [{ Key: 'team', Value: 'orders' }],
      PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary' },
    });
    expect(role?.AttachedManagedPolicies?.map((p) => p.PolicyName)).toEqual([
      'AWSLambdaBasicExecutionRole',
      'orders-table-write',
      'AWSXRayDaemonWriteAccess',
    ]);
    expect(role?.RolePolicyList?.map((p) => [p.PolicyName, JSON.parse(p.PolicyDocument as string).Statement[0].Action])).toEqual([
      ['orders-archive-read', ['s3:GetObject']],
      ['orders-queue-send', 'sqs:SendMessage'],
    ]);
    expect(iamMock.commandCalls(ListAttachedRolePoliciesCommand)[1]?.args[0].input.Marker).toBe('AAIAAQAAAAEAAAAD-page2');
  });

  it('costs 10 calls for a role with 3 attached (2 pages) and 2 inline policies, plus 2 per distinct managed policy', async () => {
    mockRole();
    iamMock.on(GetPolicyCommand).resolves(loadFixture('iam/get-policy.json'));
    iamMock.on(GetPolicyVersionCommand).resolves(loadFixture('iam/get-policy-version.json'));
    const live = reader();

    const role = await live.getRole('orders-api-role');
    const counts = { ...live.callCounts() };
    for (const attached of role?.AttachedManagedPolicies ?? []) await live.getManagedPolicy(attached.PolicyArn);

    expect(counts).toEqual({
      'iam:GetRole': 1,
      'iam:ListAttachedRolePolicies': 2,
      'iam:ListRolePolicies': 1,
      'iam:GetRolePolicy': 2,
    });
    expect(live.callCounts()).toMatchObject({ 'iam:GetPolicy': 3, 'iam:GetPolicyVersion': 3 });
  });

  it.each([
    ['GetRole', GetRoleCommand],
    ['ListAttachedRolePolicies', ListAttachedRolePoliciesCommand],
    ['ListRolePolicies', ListRolePoliciesCommand],
  ] as const)('is undefined when %s says NoSuchEntity (role deleted before or during the read)', async (_, command) => {
    mockRole();
    iamMock.on(command as typeof GetRoleCommand).rejects(noSuchEntity('The role with name orders-api-role cannot be found.'));

    await expect(reader().getRole('orders-api-role')).resolves.toBeUndefined();
  });

  it('leaves out an inline policy deleted between ListRolePolicies and GetRolePolicy', async () => {
    mockRole();
    iamMock
      .on(GetRolePolicyCommand, { PolicyName: 'orders-queue-send' })
      .rejects(noSuchEntity('The role policy with name orders-queue-send cannot be found.'));

    const role = await reader().getRole('orders-api-role');

    expect(role?.RolePolicyList?.map((p) => p.PolicyName)).toEqual(['orders-archive-read']);
  });

  it('reports AccessDenied on an inline policy read, naming the policy', async () => {
    mockRole();
    iamMock.on(GetRolePolicyCommand, { PolicyName: 'orders-queue-send' }).rejects(accessDenied('iam:GetRolePolicy'));

    const error = await reader().getRole('orders-api-role').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountAccessDeniedError);
    expect((error as AccountAccessDeniedError).source).toBe('GetRolePolicy orders-api-role/orders-queue-send');
  });

  it('wraps any other failure in AccountReadError with the SDK error as cause', async () => {
    mockRole();
    const failure = new ServiceFailureException({ message: 'Internal failure', $metadata: { httpStatusCode: 500 } });
    iamMock.on(GetRoleCommand).rejects(failure);

    const error = await reader().getRole('orders-api-role').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountReadError);
    expect(error).not.toBeInstanceOf(AccountAccessDeniedError);
    expect((error as Error).cause).toBe(failure);
    expect((error as Error).message).toContain('ServiceFailureException: Internal failure');
  });
});

describe('getManagedPolicy', () => {
  beforeEach(() => {
    iamMock.on(GetPolicyCommand, { PolicyArn: ORDERS_WRITE }).resolves(loadFixture('iam/get-policy.json'));
    iamMock
      .on(GetPolicyVersionCommand, { PolicyArn: ORDERS_WRITE, VersionId: 'v3' })
      .resolves(loadFixture('iam/get-policy-version.json'));
  });

  it('reads the default version named by GetPolicy and decodes its document', async () => {
    const policy = await reader().getManagedPolicy(ORDERS_WRITE);

    expect(policy).toMatchObject({ PolicyName: 'orders-table-write', Arn: ORDERS_WRITE, DefaultVersionId: 'v3' });
    expect(JSON.parse(policy?.Document as string).Statement[0].Action).toBe('dynamodb:PutItem');
  });

  it('caches per ARN and version for the reader: a second read makes no GetPolicyVersion call', async () => {
    const live = reader();
    await live.getManagedPolicy(ORDERS_WRITE);
    await Promise.all([live.getManagedPolicy(ORDERS_WRITE), live.getManagedPolicy(ORDERS_WRITE)]);

    expect(iamMock.commandCalls(GetPolicyVersionCommand)).toHaveLength(1);
    expect(live.callCounts()).toEqual({ 'iam:GetPolicy': 1, 'iam:GetPolicyVersion': 1 });
  });

  it('asks every new reader which version is the default, but reads an immutable version document once per container', async () => {
    await reader().getManagedPolicy(ORDERS_WRITE);
    const next = reader();
    const record = await next.getManagedPolicy(ORDERS_WRITE);

    expect(iamMock.commandCalls(GetPolicyCommand)).toHaveLength(2);
    expect(iamMock.commandCalls(GetPolicyVersionCommand)).toHaveLength(1);
    expect(next.callCounts()).toEqual({ 'iam:GetPolicy': 1 });
    expect(record?.Document).toBeDefined();
  });

  it('is undefined for a deleted policy, and asks again next time (IAM is eventually consistent)', async () => {
    const missing = 'arn:aws:iam::123456789012:policy/just-created';
    iamMock.on(GetPolicyCommand, { PolicyArn: missing }).rejects(noSuchEntity(`Policy ${missing} was not found.`));
    const live = reader();

    await expect(live.getManagedPolicy(missing)).resolves.toBeUndefined();
    await expect(live.getManagedPolicy(missing)).resolves.toBeUndefined();
    expect(live.callCounts()).toEqual({ 'iam:GetPolicy': 2 });
  });

  it('reports AccessDenied on GetPolicyVersion with the ARN and version', async () => {
    iamMock.on(GetPolicyVersionCommand).rejects(accessDenied('iam:GetPolicyVersion'));

    const error = await reader().getManagedPolicy(ORDERS_WRITE).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountAccessDeniedError);
    expect((error as AccountAccessDeniedError).source).toBe(`GetPolicyVersion ${ORDERS_WRITE} v3`);
  });
});

describe('listRolesWithPolicy', () => {
  it('lists the roles of every ListEntitiesForPolicy page, roles only', async () => {
    const inputs = servePages(iamMock, ListEntitiesForPolicyCommand, [
      'iam/list-entities-for-policy.page1.json',
      'iam/list-entities-for-policy.page2.json',
    ]);

    await expect(reader().listRolesWithPolicy(ORDERS_WRITE)).resolves.toEqual(['orders-api-role', 'billing-worker-role']);
    expect(inputs).toEqual([
      { PolicyArn: ORDERS_WRITE, EntityFilter: 'Role', Marker: undefined, MaxItems: undefined },
      { PolicyArn: ORDERS_WRITE, EntityFilter: 'Role', Marker: 'AAIAAQAAAAEAAAAD-roles2', MaxItems: undefined },
    ]);
  });

  it('is empty for a policy that no longer exists', async () => {
    iamMock.on(ListEntitiesForPolicyCommand).rejects(noSuchEntity(`Policy ${ORDERS_WRITE} was not found.`));

    await expect(reader().listRolesWithPolicy(ORDERS_WRITE)).resolves.toEqual([]);
  });
});

describe('identity', () => {
  it.each([
    ['sts/get-caller-identity.json', 'aws'],
    ['sts/get-caller-identity.cn.json', 'aws-cn'],
  ])('takes account and partition from %s and the region from the client', async (fixture, partition) => {
    stsMock.on(GetCallerIdentityCommand).resolves(loadFixture(fixture));

    await expect(reader().identity()).resolves.toEqual({ accountId: '123456789012', partition, region });
  });

  it('asks STS once per reader', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves(loadFixture('sts/get-caller-identity.json'));
    const live = reader();

    await live.identity();
    await live.identity();

    expect(live.callCounts()).toEqual({ 'sts:GetCallerIdentity': 1 });
  });
});
