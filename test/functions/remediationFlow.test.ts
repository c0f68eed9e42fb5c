/**
 * Issue 4's handler scenarios through the REAL on-role-change handler: remediation applied, blocked
 * by a Deny, blocked by a boundary, exempt tag, service-linked role, dry run, notify mode, repeated
 * event, own-event loop, and events the handler cannot read. Every AWS call is mocked.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { AttachRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventParseError } from '../../shared/events/errors.ts';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import type { MockRole } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, OWN_ROLE_ARN, sampleEvent } from '../support/handlerHarness.ts';
import type { LogLine } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentAlerts } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const context = lambdaContext('on-role-change');

const DATA_ARN = 'arn:aws:iam::111122223333:policy/orders-data';
const ONLY_DYNAMODB = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/orders' }] };
const DENY_LOGS = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'logs:*', Resource: '*' }] };
const BOUNDARY_ARN = 'arn:aws:iam::111122223333:policy/dynamodb-only-boundary';

/** orders-api runs as orders-api-role, which cannot write its logs (only a DynamoDB read). */
function serveRole(role: Partial<MockRole> = {}) {
  aws.serve(
    account({
      roles: [{ name: 'orders-api-role', attached: [DATA_ARN], ...role }],
      policies: [BASIC_EXECUTION_POLICY(), { arn: DATA_ARN, document: ONLY_DYNAMODB }, { arn: BOUNDARY_ARN, document: ONLY_DYNAMODB }],
      functions: [{ name: 'orders-api', role: role.path === undefined ? 'orders-api-role' : `arn:aws:iam::111122223333:role${role.path}orders-api-role` }],
    }),
  );
}

/** How the alert text announces each outcome (shared/remediation/describeRemediation.ts). */
const HEADLINE: Record<string, string> = {
  blocked: 'Remediation blocked',
  'skipped-exempt': 'Not remediated: the role is exempt',
  'skipped-service-linked': 'Not remediated: service-linked role',
};

const iamWrites = () => [...aws.stubs.iam.commandCalls(AttachRolePolicyCommand), ...aws.stubs.iam.commandCalls(PutRolePolicyCommand)];
const detachEvent = () => sampleEvent('DetachRolePolicy.json');

let logs: { lines: LogLine[] };
beforeEach(() => {
  vi.restoreAllMocks();
  logs = captureLogs();
  serveRole();
});

describe('remediation through the on-role-change handler', () => {
  it('attaches exactly AWSLambdaBasicExecutionRole once in remediate mode and reports before, action and after', async () => {
    const handler = await importHandler('on-role-change', { REMEDIATION_MODE: 'remediate' });
    const result = await handler(detachEvent(), context);

    const writes = iamWrites();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.args[0].input).toEqual({ RoleName: 'orders-api-role', PolicyArn: BASIC_EXECUTION_ARN });
    expect(aws.account.roles[0]!.attached).toContain(BASIC_EXECUTION_ARN);
    expect(result.remediations).toEqual([expect.objectContaining({ action: 'attach-managed-policy', applied: true, resolved: true })]);

    const [alert] = sentAlerts(aws);
    if (alert?.json !== undefined) {
      expect(alert.json.remediations).toEqual([
        expect.objectContaining({ action: 'attach-managed-policy', applied: true, resolvedAfter: true, change: expect.objectContaining({ policyArn: BASIC_EXECUTION_ARN }) }),
      ]);
    }
    const email = alert?.email.replace(/\s+/g, ' ');
    expect(email).toMatch(/Remediated: attached AWSLambdaBasicExecutionRole \(role orders-api-role, function orders-api\)\. Before: Function cannot write its logs/);
    expect(email).toMatch(/After \(re-read at [^)]+\): orders-api can write to \/aws\/lambda\/orders-api; the finding is resolved\./);
  });

  it.each([
    ['an explicit Deny on logs', { inline: { 'deny-logs': DENY_LOGS } }, 'blocked'],
    ['a permissions boundary without logs', { boundaryArn: BOUNDARY_ARN }, 'blocked'],
    ['the exemption tag', { tags: { 'keycard:exempt': 'true' } }, 'skipped-exempt'],
    ['a service-linked role path', { path: '/aws-service-role/lambda.amazonaws.com/' }, 'skipped-service-linked'],
  ] as const)('does not touch IAM when the role has %s (%s)', async (_what, role, action) => {
    serveRole(role as Partial<MockRole>);
    const handler = await importHandler('on-role-change', { REMEDIATION_MODE: 'remediate' });
    const result = await handler(detachEvent(), context);

    expect(iamWrites()).toHaveLength(0);
    expect(result.remediations).toEqual([expect.objectContaining({ action, applied: false })]);
    const [alert] = sentAlerts(aws);
    expect(alert?.checkIds).toContain('missing-log-permissions');
    expect(alert?.email.replace(/\s+/g, ' ')).toContain(HEADLINE[action]);
  });

  it.each([
    ['dry run', { REMEDIATION_MODE: 'remediate', DRY_RUN: 'true' }, 'dry-run'],
    ['notify mode (the default)', {}, 'notify-only'],
  ] as const)('%s reports what would be done and changes nothing', async (_what, env, action) => {
    const handler = await importHandler('on-role-change', env);
    const result = await handler(detachEvent(), context);

    expect(iamWrites()).toHaveLength(0);
    expect(result.remediations).toEqual([expect.objectContaining({ action, applied: false })]);
    const [alert] = sentAlerts(aws);
    expect(alert?.email).toContain(`aws iam attach-role-policy --role-name orders-api-role --policy-arn ${BASIC_EXECUTION_ARN}`);
  });
});

describe('idempotency and loops', () => {
  it('handles a repeated delivery of the same CloudTrail event (same detail.eventID, new envelope) only once', async () => {
    const handler = await importHandler('on-role-change', { REMEDIATION_MODE: 'remediate' });
    const first = await handler(detachEvent(), context);
    const again = { ...detachEvent(), id: '0d4f7a8e-0000-4000-8000-000000000002' };
    const second = await handler(again, context);

    expect(sentAlerts(aws)).toHaveLength(1);
    expect(iamWrites()).toHaveLength(1);
    expect(second).toEqual(first);
    // First delivery: the handler's claim and its remediation step's. The second delivery's
    // conditional PutItem finds the first claim and stops there.
    const puts = aws.stubs.dynamoDB.commandCalls(PutItemCommand);
    expect(puts).toHaveLength(3);
    await expect(puts[2]!.returnValue).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect([...aws.idempotencyTable.keys()].sort()).toEqual([
      expect.stringMatching(/^keycard-on-role-change#/),
      expect.stringMatching(/^keycard-on-role-change\.remediate#/),
    ]);
    expect([...aws.idempotencyTable.values()].map((item) => (item as { status?: { S?: string } }).status?.S)).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('neither remediates nor alerts on the AttachRolePolicy the stack\'s own role made', async () => {
    const event = sampleEvent('AttachRolePolicy.json');
    event.detail.requestParameters.policyArn = BASIC_EXECUTION_ARN;
    event.detail.userIdentity = {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEOWNROLE:keycard',
      arn: 'arn:aws:sts::111122223333:assumed-role/keycard-OnRoleChangeRole-1A2B3C4D5E6F/keycard-on-role-change',
      accountId: '111122223333',
      sessionContext: { sessionIssuer: { type: 'Role', arn: OWN_ROLE_ARN, accountId: '111122223333', userName: 'keycard-OnRoleChangeRole-1A2B3C4D5E6F' } },
    };
    // Even if the role still lacked logs (IAM not consistent yet), nothing is done a second time.
    const handler = await importHandler('on-role-change', { REMEDIATION_MODE: 'remediate' });
    const result = await handler(event, context);

    expect(result).toMatchObject({ outcome: 'evaluated', ownChange: true, remediations: [], alert: { sent: false } });
    expect(iamWrites()).toHaveLength(0);
    expect(sentAlerts(aws)).toHaveLength(0);
  });

  it('finds nothing left to do when re-evaluating a role Keycard already fixed', async () => {
    serveRole({ attached: [DATA_ARN, BASIC_EXECUTION_ARN] });
    const handler = await importHandler('on-role-change', { REMEDIATION_MODE: 'remediate' });
    const result = await handler(detachEvent(), context);
    expect(result.summary.byCheck['missing-log-permissions']).toBe(0);
    expect(iamWrites()).toHaveLength(0);
  });
});

describe('events the handler cannot read', () => {
  it('logs an envelope it cannot read with its id, then throws so the event is retried and dead-lettered', async () => {
    const event: Record<string, unknown> = { ...detachEvent(), 'detail-type': 'Object Created' };
    const handler = await importHandler('on-role-change');
    // (A fresh module graph per import: compare by name, not by class identity.)
    await expect(handler(event, context)).rejects.toMatchObject({ name: EventParseError.name, path: 'detail-type' });
    expect(logs.lines.find((l) => l.message === 'unreadable event')).toMatchObject({ level: 'ERROR', eventId: event.id, path: 'detail-type' });
    expect(sentAlerts(aws)).toHaveLength(0);
  });

  it('logs a routed event that lacks the id it needs with its event id, then throws', async () => {
    const event = detachEvent();
    delete event.detail.requestParameters.roleName;
    const handler = await importHandler('on-role-change');
    await expect(handler(event, context)).rejects.toThrow(/requestParameters\.roleName/);
    const failure = logs.lines.find((l) => l.level === 'ERROR');
    expect(failure).toMatchObject({ eventId: event.detail.eventID });
    // The idempotency claim is released, so EventBridge's retry is handled, not swallowed.
    expect(aws.idempotencyTable.size).toBe(0);
  });
});

describe('a publish failure after a remediation', () => {
  it('still alerts the remediation (before, action, after) when EventBridge retries the event', async () => {
    const handler = await importHandler('on-role-change', { REMEDIATION_MODE: 'remediate' });
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $metadata: { httpStatusCode: 400, attempts: 5 } });
    aws.stubs.sns!.on(PublishCommand).rejectsOnce(throttled).resolves({ MessageId: 'retry-1' });

    await expect(handler(detachEvent(), context)).rejects.toMatchObject({ name: 'AlertPublishError' });
    expect(iamWrites()).toHaveLength(1);
    // EventBridge delivers the same event again: the role is fixed now, but the alert must still say so.
    const retried = await handler(detachEvent(), context);

    expect(iamWrites()).toHaveLength(1);
    expect(retried).toMatchObject({ outcome: 'evaluated', alert: { sent: true, messageId: 'retry-1' } });
    const [, delivered] = sentAlerts(aws);
    expect(delivered?.checkIds).toContain('missing-log-permissions');
    expect(delivered?.email.replace(/\s+/g, ' ')).toMatch(/Remediated: attached AWSLambdaBasicExecutionRole .* the finding is resolved\./);
  });

  const accessDenied = () =>
    Object.assign(new Error('User is not authorized to perform: iam:AttachRolePolicy'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  it.each([
    ['blocked', { inline: { 'deny-logs': DENY_LOGS } }, { REMEDIATION_MODE: 'remediate' }, 'Remediation blocked', false],
    ['skipped-exempt', { tags: { 'keycard:exempt': 'true' } }, { REMEDIATION_MODE: 'remediate' }, 'Not remediated: the role is exempt', false],
    ['failed', {}, { REMEDIATION_MODE: 'remediate' }, 'Remediation failed', true],
    ['dry-run', {}, { REMEDIATION_MODE: 'remediate', DRY_RUN: 'true' }, 'Dry run: nothing changed', false],
    ['notify-only', {}, {}, 'Not remediated: remediation mode is notify', false],
  ] as const)('reports a %s outcome again when EventBridge retries the event', async (action, role, env, headline, iamRefuses) => {
    serveRole(role as Partial<MockRole>);
    if (iamRefuses) aws.fail('iam:AttachRolePolicy', accessDenied());
    const handler = await importHandler('on-role-change', env);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $metadata: { httpStatusCode: 400, attempts: 5 } });
    aws.stubs.sns!.on(PublishCommand).rejectsOnce(throttled).resolves({ MessageId: 'retry-1' });

    await expect(handler(detachEvent(), context)).rejects.toMatchObject({ name: 'AlertPublishError' });
    expect(aws.stubs.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(iamRefuses ? 1 : 0);
    // Between the deliveries the role changes (the exemption tag or the Deny goes): the retry must
    // still report what was decided for this event, not re-decide it.
    const current = aws.account.roles[0]!;
    delete current.tags;
    delete current.inline;
    const retried = await handler(detachEvent(), context);

    expect(retried).toMatchObject({ outcome: 'evaluated', remediations: [expect.objectContaining({ action, applied: false })], alert: { sent: true, messageId: 'retry-1' } });
    // Nothing is written, and a refused change is not tried again by the retry.
    expect(aws.stubs.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(iamRefuses ? 1 : 0);
    const [, delivered] = sentAlerts(aws);
    expect(delivered?.email.replace(/\s+/g, ' ')).toContain(headline);
  });
});
