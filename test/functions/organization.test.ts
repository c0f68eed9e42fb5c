/**
 * The hub (OrganizationMode=true) with the real handlers on a mocked organization: the hub account
 * 111122223333 and members 444455556666 and 777788889999, each reached through STS AssumeRole of its
 * KeycardReadRole (aws-sdk-client-mock answers each call from the account whose credentials sent
 * it). A change event from a member is read and remediated there; the audit covers every listed
 * account, reports an unreadable one, and lists an account that joined since.
 */
import { DescribeAccountCommand, ListAccountsCommand } from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/nested-clients/sts';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY, LOGS_INLINE } from '../support/MockAccount.ts';
import type { MockAccount } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());

const HUB = '111122223333';
const PROD = '444455556666';
const SANDBOX = '777788889999';
const NEWCOMER = '222233334444';
const ORG_ENV = { ORGANIZATION_MODE: 'true', READ_ROLE_NAME: 'KeycardReadRole', REMEDIATION_ROLE_NAME: 'KeycardRemediationRole' };

const publicPolicy = (accountId: string, name: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'anyone', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${accountId}:function:${name}` }],
});

/** A member account: `orders-api` (the sample events' function) public with an admin role, plus what `extra` adds. */
function member(accountId: string, extra: Partial<MockAccount> = {}): MockAccount {
  return account({
    accountId,
    roles: [
      { name: 'orders-api-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
      { name: 'no-logs-role', inline: {} },
    ],
    policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()],
    functions: [
      { name: 'orders-api', role: 'orders-api-role', resourcePolicy: publicPolicy(accountId, 'orders-api') },
      { name: 'invoice-pdf', role: 'no-logs-role' },
    ],
    ...extra,
  });
}
const hub = () => account({ accountId: HUB, roles: [{ name: 'tidy-role', attached: [BASIC_EXECUTION_ARN] }], policies: [BASIC_EXECUTION_POLICY()], functions: [{ name: 'tidy', role: 'tidy-role' }] });

const listed = (...ids: string[]): Account[] => ids.map((Id) => ({ Id, Name: `acct-${Id.slice(0, 4)}`, Arn: `arn:aws:organizations::${HUB}:account/o-a1b2c3d4e5/${Id}`, State: 'ACTIVE', Status: 'ACTIVE', Email: `aws+${Id}@example.com` }));
const assumedRoles = () => aws.stubs.assumeRole.commandCalls(AssumeRoleCommand).map((call) => String(call.args[0].input.RoleArn));
const accountsCalled = (api: string) => [...new Set(aws.callLog.filter((call) => call.api === api).map((call) => call.account))].sort();

/** A sample event as EventBridge delivers it from a member account (the envelope's `account`). */
function memberEvent(file: string, accountId: string): Record<string, any> {
  const event = sampleEvent(file);
  event.account = accountId;
  event.detail.recipientAccountId = accountId;
  return event;
}

beforeEach(() => {
  vi.restoreAllMocks();
  captureLogs();
});

describe('hub change handlers: an event from another account', () => {
  beforeEach(() => {
    aws.serve([hub(), member(PROD)]);
  });

  it("is evaluated through that account's read role, and the alert and findings name it", async () => {
    const handler = await importHandler('on-function-change', ORG_ENV);
    const result = await handler(memberEvent('AddPermission20150331v2.json', PROD), lambdaContext('on-function-change'));
    expect(result.outcome).toBe('evaluated');
    expect(assumedRoles()).toEqual([`arn:aws:iam::${PROD}:role/KeycardReadRole`]);
    // Every read of the function and its role went to the member account, none to the hub.
    expect(accountsCalled('lambda:GetFunctionConfiguration')).toEqual([PROD]);
    expect(accountsCalled('iam:GetRole')).toEqual([PROD]);
    const [alert] = sentAlerts(aws);
    expect(alert?.input.MessageAttributes?.accountId?.StringValue).toBe(PROD);
    expect(alert?.email).toContain(`account ${PROD}`);
    expect(alert?.checkIds).toEqual(expect.arrayContaining(['admin-access', 'public-invoke']));
    const findings = sentFindingEvents(aws);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(JSON.parse(finding.entry.Detail ?? '{}').accountId).toBe(PROD);
  });

  it("names the account by its organization name where the hub may describe it, by id where it may not", async () => {
    aws.stubs.organizations.on(DescribeAccountCommand).resolves({ Account: { Id: PROD, Name: 'payments-prod' } });
    const handler = await importHandler('on-function-change', ORG_ENV);
    await handler(memberEvent('AddPermission20150331v2.json', PROD), lambdaContext('on-function-change'));
    const [named] = sentAlerts(aws);
    expect(named?.email).toContain(`account ${PROD} "payments-prod"`);

    aws.stubs.organizations.on(DescribeAccountCommand).rejects(Object.assign(new Error('not a delegated administrator'), { name: 'AccessDeniedException' }));
    const refused = await importHandler('on-function-change', ORG_ENV);
    const again = memberEvent('AddPermission20150331v2.json', PROD);
    again.detail.eventID = '2b1a3c4d-0000-4000-8000-000000000001'; // a new event, not a redelivery
    await refused(again, lambdaContext('on-function-change'));
    const alerts = sentAlerts(aws);
    expect(alerts).toHaveLength(2);
    expect(alerts.at(-1)?.email).toContain(`account ${PROD} (`);
    expect(alerts.at(-1)?.email).not.toContain('payments-prod');
  });

  it("reads an IAM event's role in the member account too", async () => {
    const handler = await importHandler('on-role-change', ORG_ENV);
    const event = memberEvent('AttachRolePolicy.json', PROD);
    event.detail.requestParameters.roleName = 'orders-api-role';
    const result = await handler(event, lambdaContext('on-role-change'));
    expect(result.outcome).toBe('evaluated');
    expect(assumedRoles()).toEqual([`arn:aws:iam::${PROD}:role/KeycardReadRole`]);
    expect(accountsCalled('iam:GetRole')).toEqual([PROD]);
  });

  it("finds a member role's functions in every watched region through that account's read role", async () => {
    const prod = member(PROD);
    for (const fn of prod.functions) fn.region = 'us-east-1';
    prod.functions.push({ name: 'orders-eu', region: 'eu-west-1', role: 'orders-api-role' });
    aws.serve([hub(), prod]);
    const handler = await importHandler('on-role-change', { ...ORG_ENV, WATCHED_REGIONS: 'eu-west-1' });
    const event = memberEvent('AttachRolePolicy.json', PROD);
    event.detail.requestParameters.roleName = 'orders-api-role';
    expect((await handler(event, lambdaContext('on-role-change'))).outcome).toBe('evaluated');
    // Listed in the member account only (no role index for members), both regions.
    expect(accountsCalled('lambda:ListFunctions')).toEqual([PROD]);
    const admin = sentFindingEvents(aws).find((f) => f.checkId === "admin-access");
    expect(admin?.functionArns.sort()).toEqual([`arn:aws:lambda:eu-west-1:${PROD}:function:orders-eu`, `arn:aws:lambda:us-east-1:${PROD}:function:orders-api`]);
  });

  it("reads an event of the hub's own account with the hub's own credentials (no AssumeRole)", async () => {
    aws.serve([member(HUB), member(PROD)]);
    const handler = await importHandler('on-function-change', ORG_ENV);
    await handler(sampleEvent('AddPermission20150331v2.json'), lambdaContext('on-function-change'));
    expect(assumedRoles()).toEqual([]);
    expect(accountsCalled('lambda:GetFunctionConfiguration')).toEqual([HUB]);
  });

  it("remediates through the member's remediation role, and never touches the Keycard roles there", async () => {
    const handler = await importHandler('on-function-change', { ...ORG_ENV, REMEDIATION_MODE: 'remediate' });
    const event = memberEvent('UpdateFunctionConfiguration20150331v2.json', PROD);
    event.detail.requestParameters.functionName = 'invoice-pdf';
    event.detail.responseElements = { ...event.detail.responseElements, functionName: 'invoice-pdf', role: `arn:aws:iam::${PROD}:role/no-logs-role` };
    const result = await handler(event, lambdaContext('on-function-change'));
    expect(result.outcome).toBe('evaluated');
    expect(result.remediations).toEqual([expect.objectContaining({ applied: true, resolved: true })]);
    expect(assumedRoles()).toEqual(expect.arrayContaining([`arn:aws:iam::${PROD}:role/KeycardReadRole`, `arn:aws:iam::${PROD}:role/KeycardRemediationRole`]));
    expect(accountsCalled('iam:AttachRolePolicy')).toEqual([PROD]);
    expect(aws.accountById(PROD)!.roles.find((r) => r.name === 'no-logs-role')!.attached).toEqual([BASIC_EXECUTION_ARN]);
    expect(aws.accountById(HUB)!.roles.find((r) => r.name === 'tidy-role')!.attached).toEqual([BASIC_EXECUTION_ARN]);
  });

  it('reports a member whose read role cannot be assumed as an incomplete evaluation, not silence', async () => {
    aws.serve([hub(), member(PROD)], { unassumable: [PROD] });
    const handler = await importHandler('on-function-change', ORG_ENV);
    const result = await handler(memberEvent('AddPermission20150331v2.json', PROD), lambdaContext('on-function-change'));
    expect(result.outcome).toBe('evaluated');
    const [alert] = sentAlerts(aws);
    expect(alert?.checkIds).toEqual(['evaluation-incomplete']);
    expect(alert?.email).toContain(`arn:aws:iam::${PROD}:role/KeycardReadRole`);
  });
});

describe('hub audit across the organization', () => {
  const auditOnce = async (env: Record<string, string> = {}) => {
    const handler = await importHandler('audit', { ...ORG_ENV, ...env });
    // A fresh invocation: 15 minutes ahead.
    return handler({}, lambdaContext('audit', () => 600_000));
  };
  const digestOf = () => {
    const digests = sentAlerts(aws).filter((a) => a.input.MessageAttributes?.kind?.StringValue === 'digest');
    expect(digests).toHaveLength(1);
    return digests[0]!;
  };

  it('audits every listed account through its read role and sends one organization digest, worst account first', async () => {
    aws.serve([hub(), member(PROD), member(SANDBOX, { functions: [{ name: 'invoice-pdf', role: 'no-logs-role' }] })]);
    aws.stubs.organizations.on(ListAccountsCommand).resolves({ Accounts: listed(HUB, SANDBOX, PROD) });
    const response = await auditOnce();
    expect(response.status).toBe('complete');
    expect(response.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([PROD, SANDBOX, HUB]);
    expect(assumedRoles().sort()).toEqual([`arn:aws:iam::${PROD}:role/KeycardReadRole`, `arn:aws:iam::${SANDBOX}:role/KeycardReadRole`]);
    expect(accountsCalled('lambda:ListFunctions')).toEqual([HUB, PROD, SANDBOX]);
    const digest = digestOf();
    expect(digest.subject).toContain('3 accounts');
    expect(digest.email).toContain(
      [
        'Accounts, worst first',
        `  ${PROD} (acct-4444): 3 findings (2 critical, 1 medium), 1 worst-case`,
        '  function; 2 functions',
        `  ${SANDBOX} (acct-7777): 1 finding (1 medium); 1 function`,
        `  ${HUB} (acct-1111): 0 findings; 1 function`,
      ].join('\n'),
    );
    // Each of the worst findings says which account it is in (the fix runs there).
    expect(digest.email).toContain(`MEDIUM missing-log-permissions on function invoice-pdf in account ${SANDBOX}`);
    expect(digest.email).toContain('keycard audit --live --org');
    // Findings went to EventBridge per account, each naming its account.
    const accounts = new Set(sentFindingEvents(aws).map((f) => JSON.parse(f.entry.Detail ?? '{}').accountId));
    expect([...accounts].sort()).toEqual([PROD, SANDBOX]);
  });

  it('reports an account whose role cannot be assumed, first, with the reason; the others are still audited', async () => {
    aws.serve([hub(), member(PROD), member(SANDBOX)], { unassumable: [SANDBOX] });
    aws.stubs.organizations.on(ListAccountsCommand).resolves({ Accounts: listed(HUB, PROD, SANDBOX) });
    const response = await auditOnce();
    expect(response.accounts[0]).toMatchObject({ accountId: SANDBOX, status: 'unreadable' });
    expect(response.accounts[0].reason).toContain(`arn:aws:iam::${SANDBOX}:role/KeycardReadRole`);
    expect(response.accounts.slice(1).map((a: { status: string }) => a.status)).toEqual(['audited', 'audited']);
    const digest = digestOf();
    expect(digest.email).toContain('1 account could not be read');
    expect(digest.email).toMatch(new RegExp(`${SANDBOX} \\(acct-7777\\): UNREADABLE`));
    expect(digest.subject).toContain('1 unreadable');
  });

  it('still sends the digest when the only news is an unreadable account, and names a suspended one', async () => {
    aws.serve([hub(), member(PROD)], { unassumable: [PROD] });
    aws.stubs.organizations.on(ListAccountsCommand).resolves({ Accounts: [...listed(HUB, PROD), { ...listed(SANDBOX)[0], State: 'SUSPENDED', Status: 'SUSPENDED' }] });
    const response = await auditOnce();
    expect(response.summary.findings).toBe(0);
    expect(response.accounts.map((a: { accountId: string; status: string }) => `${a.accountId} ${a.status}`)).toEqual([`${PROD} unreadable`, `${SANDBOX} unreadable`, `${HUB} audited`]);
    expect(response.accounts[1].reason).toContain('SUSPENDED');
    expect(digestOf().email).toContain('2 accounts could not be read');
  });

  it('lists an account that joined the organization since the last audit', async () => {
    aws.serve([hub(), member(PROD), member(NEWCOMER)]);
    aws.stubs.organizations.on(ListAccountsCommand).resolvesOnce({ Accounts: listed(HUB, PROD) }).resolves({ Accounts: listed(HUB, PROD, NEWCOMER) });
    const first = await auditOnce();
    expect(first.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual([HUB, PROD]);
    const second = await auditOnce();
    expect(second.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual([HUB, NEWCOMER, PROD].sort());
    expect(second.accounts.find((a: { accountId: string }) => a.accountId === NEWCOMER)).toMatchObject({ status: 'audited', functionsEvaluated: 2 });
  });

  it('reads AUDIT_ACCOUNT_CONCURRENCY accounts at a time: one at a time when 1, interleaved when more', async () => {
    const memberCalls = () => aws.callLog.filter((call) => call.account !== HUB && call.api.startsWith('lambda:')).map((call) => call.account);
    /** How often consecutive member calls switch account: 1 when each account is read in one block (2 accounts). */
    const switches = (accounts: string[]) => accounts.filter((a, i) => i > 0 && a !== accounts[i - 1]).length;
    for (const [concurrency, interleaved] of [['1', false], ['4', true]] as const) {
      aws.serve([hub(), member(PROD), member(SANDBOX)]);
      aws.stubs.organizations.on(ListAccountsCommand).resolves({ Accounts: listed(PROD, SANDBOX) });
      const response = await auditOnce({ AUDIT_ACCOUNT_CONCURRENCY: concurrency });
      expect(response.accounts).toHaveLength(2);
      expect(switches(memberCalls()) > 1, `concurrency ${concurrency}`).toBe(interleaved);
    }
  });

  it('audits only ORGANIZATION_ACCOUNT_IDS when set, without listing the organization', async () => {
    aws.serve([hub(), member(PROD), member(SANDBOX)]);
    const response = await auditOnce({ ORGANIZATION_ACCOUNT_IDS: PROD });
    expect(response.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([PROD]);
    expect(aws.stubs.organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });

  it('continues across invocations when time runs short, each account audited once', async () => {
    aws.serve([hub(), member(PROD), member(SANDBOX)]);
    aws.stubs.organizations.on(ListAccountsCommand).resolves({ Accounts: listed(HUB, PROD, SANDBOX) });
    const handler = await importHandler('audit', { ...ORG_ENV, AUDIT_ACCOUNT_CONCURRENCY: '1', AUDIT_CHUNK_SIZE: '1' });
    let asked = 0;
    // Plenty for the first few questions of each invocation, then less than the hand-over reserve.
    let payload: unknown = {};
    let response: any;
    for (let invocation = 1; invocation <= 20; invocation++) {
      asked = 0;
      aws.stubs.lambda.resetHistory();
      response = await handler(payload, lambdaContext('audit', () => (++asked <= 3 ? 600_000 : 30_000)));
      if (response.status === 'complete') break;
      const [call] = aws.stubs.lambda.commandCalls(InvokeCommand);
      const raw = call!.args[0].input.Payload;
      payload = JSON.parse(typeof raw === 'string' ? raw : Buffer.from(raw as Uint8Array).toString('utf8'));
      expect(payload).toHaveProperty('organizationContinuation');
    }
    expect(response.status).toBe('complete');
    expect(response.invocations).toBeGreaterThan(1);
    expect(response.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual([HUB, PROD, SANDBOX]);
    expect(response.accounts.find((a: { accountId: string }) => a.accountId === PROD)).toMatchObject({ status: 'audited', functionsEvaluated: 2 });
    expect(response.summary.functionsEvaluated).toBe(5);
    expect(digestOf().email).toContain('3 accounts');
  });
});
