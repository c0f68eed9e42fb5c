/**
 * The real on-role-change handler (functions/on-role-change/index.ts), imported after its
 * environment is set, every AWS call served by aws-sdk-client-mock in real response shapes.
 */
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  account,
  ADMIN_ARN,
  ADMIN_POLICY,
  BASIC_EXECUTION_ARN,
  BASIC_EXECUTION_POLICY,
  EC2_TRUST,
  LOGS_INLINE,
} from '../support/MockAccount.ts';
import type { MockAccount } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import type { LogLine } from '../support/handlerHarness.ts';
import { createAwsMock, iamAccessDenied } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const context = lambdaContext('on-role-change');

const DATA_POLICY_ARN = 'arn:aws:iam::111122223333:policy/orders-data-access';
const dataPolicy = { arn: DATA_POLICY_ARN, versionId: 'v3', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } };

/** orders-api runs as orders-api-role; billing-worker as billing-role; batch-host-role is an EC2 role. */
function baseAccount(overrides: Partial<MockAccount> = {}): MockAccount {
  return account({
    roles: [
      { name: 'orders-api-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
      { name: 'billing-role', attached: [DATA_POLICY_ARN], inline: { logs: LOGS_INLINE } },
      { name: 'batch-host-role', trust: EC2_TRUST, attached: [DATA_POLICY_ARN] },
    ],
    policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY(), dataPolicy],
    functions: [
      { name: 'orders-api', role: 'orders-api-role' },
      { name: 'billing-worker', role: 'billing-role' },
    ],
    ...overrides,
  });
}

let logs: { lines: LogLine[] };
beforeEach(() => {
  vi.restoreAllMocks();
  logs = captureLogs();
  aws.serve(baseAccount());
});

describe('on-role-change handler', () => {
  it('evaluates and labels an IAM event forwarded from us-east-1 in the stack\'s own region', async () => {
    aws.serve(baseAccount({ region: 'eu-west-1' }));
    const handler = await importHandler('on-role-change', { AWS_REGION: 'eu-west-1', FINDINGS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:keycard-findings' });
    const event = sampleEvent('AttachRolePolicy.json');
    expect(event.region).toBe('us-east-1');

    const result = await handler(event, context);

    expect(result).toMatchObject({ outcome: 'evaluated', alert: { sent: true } });
    const [alert] = sentAlerts(aws);
    expect(alert!.input.MessageAttributes?.['region']?.StringValue).toBe('eu-west-1');
    // Every region the text names is the stack's.
    expect(alert!.email).toContain('in account 111122223333 (eu-west-1)');
    expect(alert!.email).not.toMatch(/us-east-1/);
  });

  it('alerts once (SNS) and emits finding events (EventBridge) when a Lambda role gets an admin policy', async () => {
    const handler = await importHandler('on-role-change');
    const result = await handler(sampleEvent('AttachRolePolicy.json'), context);

    expect(result).toMatchObject({ outcome: 'evaluated', eventName: 'AttachRolePolicy', alert: { sent: true } });
    const alerts = sentAlerts(aws);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toMatch(/admin-access on role orders-api-role/);
    expect(alerts[0]!.subject.length).toBeLessThan(100);
    expect(alerts[0]!.input.TopicArn).toBe('arn:aws:sns:us-east-1:111122223333:keycard-findings');
    const events = sentFindingEvents(aws);
    expect(events.map((e) => e.checkId)).toContain('admin-access');
    expect(events.every((e) => e.entry.Source === 'keycard' && e.entry.DetailType === 'Keycard Finding')).toBe(true);
    // One SNS message for the evaluation; one event per finding, covering the same checks.
    expect(alerts[0]!.checkIds).toContain('admin-access');
    expect([...new Set(events.map((e) => e.checkId))].sort()).toEqual(alerts[0]!.checkIds);
  });

  it('skips a role Lambda cannot assume without listing the account\'s functions', async () => {
    const event = sampleEvent('AttachRolePolicy.json');
    event.detail.requestParameters.roleName = 'batch-host-role';
    const handler = await importHandler('on-role-change');
    const result = await handler(event, context);

    expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/batch-host-role is not a Lambda role/) });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(sentAlerts(aws)).toHaveLength(0);
  });

  it('ends quietly with a log line when the role was deleted before it could be read (after retrying for visibility)', async () => {
    const event = sampleEvent('AttachRolePolicy.json');
    event.detail.requestParameters.roleName = 'deleted-role';
    const handler = await importHandler('on-role-change');
    const result = await handler(event, context);

    expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/deleted-role does not exist/) });
    // One read plus the three visibility retries (waits set to 0 ms by VISIBILITY_RETRY_DELAYS_MS).
    expect(aws.stubs.iam.commandCalls(GetRoleCommand)).toHaveLength(4);
    expect(sentAlerts(aws)).toHaveLength(0);
    expect(logs.lines.find((l) => l.message === 'nothing to evaluate')).toMatchObject({ reason: expect.stringMatching(/deleted-role/), eventId: 'aa05e11a-b271-4945-b95e-8229451abd81' });
  });

  it('turns AccessDenied on GetRole into an evaluation-incomplete alert instead of crashing', async () => {
    aws.fail('iam:GetRole', iamAccessDenied('iam:GetRole', 'arn:aws:iam::111122223333:role/orders-api-role'));
    const handler = await importHandler('on-role-change');
    const result = await handler(sampleEvent('AttachRolePolicy.json'), context);

    expect(result).toMatchObject({ outcome: 'evaluated', alert: { sent: true } });
    const [alert] = sentAlerts(aws);
    expect(alert?.checkIds).toEqual(['evaluation-incomplete']);
    expect(alert?.input.MessageAttributes?.['checkId']?.StringValue).toBe('["evaluation-incomplete"]');
    const [finding] = sentFindingEvents(aws);
    expect(JSON.stringify(finding)).toMatch(/orders-api-role.*denied|denied.*orders-api-role/i);
  });

  it.each(['CreatePolicyVersion.json', 'SetDefaultPolicyVersion.json'])(
    '%s re-evaluates every Lambda role the customer managed policy is attached to (and skips the others)',
    async (file) => {
      const handler = await importHandler('on-role-change');
      const result = await handler(sampleEvent(file), context);

      expect(result.outcome).toBe('evaluated');
      const readRoles = aws.stubs.iam.commandCalls(GetRoleCommand).map((c) => c.args[0].input.RoleName);
      expect(new Set(readRoles)).toEqual(new Set(['billing-role', 'batch-host-role']));
      expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(1);
      // billing-role (Lambda, dynamodb:* on *) is evaluated; the EC2 role is not.
      expect(result.summary.rolesEvaluated).toBe(1);
      expect(result.summary.functionsEvaluated).toBe(1);
      expect(sentAlerts(aws)).toHaveLength(1);
      const findings = sentFindingEvents(aws);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.functionArns.every((arn) => arn.endsWith(':function:billing-worker')))).toBe(true);
    },
  );

  it('re-evaluates every attached Lambda role when a policy is attached to several', async () => {
    aws.serve(
      baseAccount({
        roles: [
          { name: 'billing-role', attached: [DATA_POLICY_ARN], inline: { logs: LOGS_INLINE } },
          { name: 'orders-api-role', attached: [DATA_POLICY_ARN, BASIC_EXECUTION_ARN] },
          { name: 'batch-host-role', trust: EC2_TRUST, attached: [DATA_POLICY_ARN] },
        ],
      }),
    );
    const handler = await importHandler('on-role-change');
    const result = await handler(sampleEvent('CreatePolicyVersion.json'), context);
    expect(result.summary).toMatchObject({ rolesEvaluated: 2, functionsEvaluated: 2 });
  });
});
