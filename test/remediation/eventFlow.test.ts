/**
 * The handler scenarios, run through the reference wiring with every SDK client mocked:
 * remediation applied; blocked by Deny; blocked by boundary; exempt tag; service-linked role; dry
 * run; repeated event; own-event loop; SNS publish failure; EventBridge partial failure.
 */
import { readFileSync } from 'node:fs';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { AttachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlertPublishError } from '../../shared/alerts/errors.ts';
import type { AlertJson } from '../../shared/alerts/AlertJson.ts';
import type { RoleFacts } from '../../shared/facts/types.ts';
import { planRemediation } from '../../shared/remediation/planRemediation.ts';
import type { RemediationSettings } from '../../shared/remediation/RemediationPlan.ts';
import { FINDING, FN, OWN_ROLE_ARN, role, settings } from './loadFixtures.ts';
import { fakeIdempotencyTable } from './fakeIdempotencyTable.ts';
import { makeReferenceHandler } from './referenceHandler.ts';
import type { CloudTrailEvent } from './referenceHandler.ts';

const BASIC_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const reference = (name: string) => JSON.parse(readFileSync(new URL(`../../../shared/reference/cloudtrail/${name}`, import.meta.url), 'utf8'));
const envelope = reference('eventbridge-envelope.json') as CloudTrailEvent;

/** A real CreateFunction record in a real EventBridge envelope, naming orders-api. */
function createFunctionEvent(envelopeId = 'a3d9c5f0-6b1e-4f7a-9c2d-0e8b7a6f5d41'): CloudTrailEvent {
  const detail = reference('CreateFunction20150331.json');
  detail.requestParameters.functionName = 'orders-api';
  return { ...structuredClone(envelope), id: envelopeId, source: 'aws.lambda', detail };
}

/** The AttachRolePolicy Keycard itself made, as CloudTrail reports it back. */
function ownAttachEvent(): CloudTrailEvent {
  const e = structuredClone(envelope);
  e.detail = { ...e.detail, eventName: 'AttachRolePolicy', eventID: 'b6f0e1d2-7c3a-4e5b-8f9a-1d2c3b4a5f60' };
  e.detail.userIdentity = {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/keycard-OnRoleChangeFunctionRole-1A2B3C/keycard',
    sessionContext: { sessionIssuer: { type: 'Role', arn: OWN_ROLE_ARN } },
  };
  return e;
}

const context = { functionName: 'keycard-on-function-change', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const iam = mockClient(IAMClient);
const sns = mockClient(SNSClient);
const eb = mockClient(EventBridgeClient);
const ddb = mockClient(DynamoDBClient);

/** Role read before the change, then (after an attach) with the policy attached, as IAM would return it. */
let roleState: RoleFacts;
let table: Map<string, unknown>;
function handler(overrides: Partial<RemediationSettings> = {}) {
  return makeReferenceHandler({
    iam: new IAMClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    eventBridge: new EventBridgeClient({ region: 'us-east-1' }),
    dynamoDB: new DynamoDBClient({ region: 'us-east-1' }),
    tableName: 'keycard-idempotency',
    topicArn: 'arn:aws:sns:us-east-1:111122223333:keycard-findings',
    settings: settings(overrides),
    readFacts: async () => ({ fn: structuredClone(FN), role: structuredClone(roleState) }),
  });
}

const published = () => sns.commandCalls(PublishCommand).map((c) => ({ text: JSON.parse(c.args[0].input.Message ?? '{}').email as string, json: JSON.parse(JSON.parse(c.args[0].input.Message ?? '{}').default) as AlertJson }));
const iamWrites = () => [...iam.commandCalls(AttachRolePolicyCommand), ...iam.commandCalls(PutRolePolicyCommand)];

beforeAll(() => {
  process.env['AWS_LAMBDA_FUNCTION_NAME'] = 'keycard-on-function-change';
});
afterAll(() => {
  delete process.env['AWS_LAMBDA_FUNCTION_NAME'];
});

beforeEach(() => {
  for (const m of [iam, sns, eb, ddb]) m.reset();
  table = fakeIdempotencyTable(ddb);
  sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  eb.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `ev-${i}` })) }));
  iam.on(ListAttachedRolePoliciesCommand).callsFake(() => ({
    AttachedPolicies: roleState.policies.filter((p) => p.arn !== undefined).map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })),
    IsTruncated: false,
  }));
  iam.on(AttachRolePolicyCommand).callsFake(() => {
    roleState = role('has-basic');
    return {};
  });
});

describe('event flow: remediation outcomes', () => {
  it('remediation applied: attaches AWSLambdaBasicExecutionRole once, re-reads, and reports before / action / after', async () => {
    roleState = role('no-logs');
    const result = await handler()(createFunctionEvent(), context);
    expect(result).toMatchObject({ sent: true, remediations: 1 });
    expect(iamWrites()).toHaveLength(1);
    expect(iam.commandCalls(AttachRolePolicyCommand)[0]!.args[0].input).toEqual({ RoleName: 'orders-api-role', PolicyArn: BASIC_ARN });
    const [alert] = published();
    expect(alert!.text).toContain('Remediated: attached AWSLambdaBasicExecutionRole');
    expect(alert!.text).toMatch(/After \(re-read at .*\): orders-api can write to\s+\/aws\/lambda\/orders-api; the finding is resolved/);
    expect(alert!.json.remediations).toEqual([expect.objectContaining({ action: 'attach-managed-policy', applied: true, resolvedAfter: true })]);
  });

  it.each<[string, string, Partial<RemediationSettings>, string, RegExp]>([
    ['blocked by a Deny', 'deny-logs', {}, 'blocked', /Remediation blocked[^]*DenyLogs/],
    ['blocked by the permissions boundary', 'boundary-without-logs', {}, 'blocked', /Remediation blocked[^]*data-only-boundary/],
    ['exempt tag', 'exempt', {}, 'skipped-exempt', /Not remediated: the role is exempt/],
    ['service-linked role', 'service-linked', {}, 'skipped-service-linked', /Not remediated: service-linked role/],
    ['dry run', 'no-logs', { dryRun: true }, 'dry-run', /Dry run: nothing changed[^]*Would run:\n    aws iam attach-role-policy --role-name orders-api-role/],
  ])('%s: changes nothing in IAM and says why in the alert', async (_name, roleName, overrides, action, text) => {
    roleState = role(roleName);
    const result = await handler(overrides)(createFunctionEvent(), context);
    expect(result).toMatchObject({ sent: true });
    expect(iamWrites()).toHaveLength(0);
    const [alert] = published();
    expect(alert!.json.remediations).toEqual([expect.objectContaining({ action, applied: false })]);
    expect(alert!.text).toMatch(text);
  });
});

describe('event flow: idempotency and loops', () => {
  it('repeated event: the same CloudTrail event in a new envelope returns the stored result, with no second alert or change', async () => {
    roleState = role('no-logs');
    const h = handler();
    const first = await h(createFunctionEvent('envelope-1'), context);
    expect(table.size).toBe(2); // the handler's record and the remediate step's record, both COMPLETED
    roleState = role('no-logs'); // even if the state looked unfixed again, nothing may run twice
    const second = await h(createFunctionEvent('envelope-2'), context);
    expect(second).toEqual(first);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(1);
    // The redelivery's conditional put hit the key of the first: the CloudTrail eventID, not the envelope id.
    const keys = ddb.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item?.['id']?.S);
    expect(keys).toHaveLength(3);
    expect(keys[2]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^keycard-on-function-change#/);
  });

  it("own-event loop: Keycard's own AttachRolePolicy event is not acted on", async () => {
    roleState = role('has-basic');
    const result = await handler()(ownAttachEvent(), context);
    expect(result).toEqual({ sent: false, reason: 'own change' });
    expect(iam.calls()).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
    expect(eb.calls()).toHaveLength(0);
  });

  it('own-event loop, second guard: re-evaluating the role after Keycard\'s change finds nothing to do', () => {
    const plan = planRemediation({ finding: FINDING, fn: FN, role: role('has-basic'), settings: settings() });
    expect(plan.action).toBe('not-needed');
  });
});

describe('event flow: delivery failures lose nothing', () => {
  it('SNS publish failure: the invocation fails, the claim is released, and the retry alerts the stored remediation without changing IAM twice', async () => {
    roleState = role('no-logs');
    const h = handler();
    sns.on(PublishCommand).rejectsOnce(Object.assign(new Error('Service Unavailable'), { name: 'InternalErrorException', $metadata: { attempts: 5 } })).resolves({ MessageId: 'msg-2' });
    await expect(h(createFunctionEvent(), context)).rejects.toThrow(AlertPublishError);
    expect(ddb.commandCalls(DeleteItemCommand)).toHaveLength(1); // EventBridge's retry (then the DLQ) will run it again
    const retry = await h(createFunctionEvent(), context);
    expect(retry).toMatchObject({ sent: true, messageId: 'msg-2' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(1);
    // The retry reports what the first attempt changed (stored step result), not a bare "not needed".
    expect(published()[1]!.json.remediations).toEqual([expect.objectContaining({ action: 'attach-managed-policy', applied: true, resolvedAfter: true })]);
  });

  it('EventBridge partial failure: rejected entries are retried and the alert still goes out once', async () => {
    roleState = role('deny-logs');
    let calls = 0;
    eb.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => {
      calls += 1;
      const entries = input.Entries ?? [];
      return calls === 1
        ? { FailedEntryCount: 1, Entries: entries.map((_, i) => (i === 0 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: `ev-${i}` })) }
        : { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `ev-r${i}` })) };
    });
    const result = await handler()(createFunctionEvent(), context);
    expect(result).toMatchObject({ sent: true });
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(eb.commandCalls(PutEventsCommand)[1]!.args[0].input.Entries).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('nothing is sent when the evaluation finds nothing', async () => {
    roleState = role('has-basic');
    const clean = { ...FN };
    const h = makeReferenceHandler({
      iam: new IAMClient({ region: 'us-east-1' }),
      sns: new SNSClient({ region: 'us-east-1' }),
      eventBridge: new EventBridgeClient({ region: 'us-east-1' }),
      dynamoDB: new DynamoDBClient({ region: 'us-east-1' }),
      tableName: 'keycard-idempotency',
      topicArn: 'arn:aws:sns:us-east-1:111122223333:keycard-findings',
      settings: settings(),
      readFacts: async () => ({ fn: clean, role: role('has-basic') }),
    });
    const result = await h(createFunctionEvent(), context);
    expect(result).toEqual({ sent: false, reason: 'no findings' });
    expect(sns.calls()).toHaveLength(0);
    expect(eb.calls()).toHaveLength(0);
  });
});
