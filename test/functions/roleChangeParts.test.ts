/**
 * A role change too large for one invocation (a new default version of a policy attached to several
 * Lambda roles) through the real on-role-change handler: small parts (ROLE_CHANGE_CHUNK_SIZE) force
 * continuations (async self-invokes), fed back here. With a function deleted and one created between
 * parts, the findings sent must equal one single pass over the account as it ends: nothing lost, nothing
 * doubled; each function's lock read once; a redelivered part changes nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetPolicyCommand, InvokeCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBridgeCloudTrailEvent } from '../../shared/events/types.ts';
import { DynamoRoleFunctionIndex } from '../../shared/pipeline/DynamoRoleFunctionIndex.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY, EC2_TRUST, LOGS_INLINE } from '../support/MockAccount.ts';
import type { Doc, MockAccount, MockFunction } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());

const DATA_POLICY_ARN = 'arn:aws:iam::111122223333:policy/orders-data-access';
const dataPolicy = { arn: DATA_POLICY_ARN, versionId: 'v3', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } };
const WILDCARD: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const publicPolicy = (name: string): Doc => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:111122223333:function:${name}` }],
});
const fn = (name: string, role: string, open = false): MockFunction => ({ name, role, ...(open ? { resourcePolicy: publicPolicy(name) } : {}) });

/**
 * The policy is on role-a (admin, 4 functions), role-b (no logs, 2), role-c (wildcard, 6: more than a
 * part of 4), role-d (1) and an EC2 role (skipped). Other roles' functions fill the region.
 */
function bigChange(): MockAccount {
  return account({
    roles: [
      { name: 'role-a', attached: [DATA_POLICY_ARN, ADMIN_ARN, BASIC_EXECUTION_ARN] },
      { name: 'role-b', attached: [DATA_POLICY_ARN] },
      { name: 'role-c', attached: [DATA_POLICY_ARN, BASIC_EXECUTION_ARN], inline: { wide: WILDCARD } },
      { name: 'role-d', attached: [DATA_POLICY_ARN], inline: { logs: LOGS_INLINE } },
      { name: 'batch-host', trust: EC2_TRUST, attached: [DATA_POLICY_ARN] },
      { name: 'other', attached: [BASIC_EXECUTION_ARN] },
    ],
    policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY(), dataPolicy],
    functions: [
      ...['a1', 'a2', 'a3', 'a4'].map((n, i) => fn(n, 'role-a', i === 1)),
      fn('b1', 'role-b', true),
      fn('b2', 'role-b'),
      ...['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((n, i) => fn(n, 'role-c', i === 4)),
      fn('d1', 'role-d'),
      ...Array.from({ length: 12 }, (_, i) => fn(`z${String(i).padStart(2, '0')}`, 'other')),
    ],
  });
}

const payloadOf = (call: { args: [{ input: { Payload?: unknown } }] }): unknown => {
  const payload = call.args[0].input.Payload;
  return JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload as Uint8Array).toString('utf8'));
};
const key = (f: { checkId: string; resourceArn: string }) => `${f.checkId} ${f.resourceArn}`;
const context = lambdaContext('on-role-change');

beforeEach(() => {
  vi.restoreAllMocks();
  captureLogs();
  aws.serve(bigChange(), { pageSize: 10 });
});

describe('on-role-change: a change split across invocations', () => {
  it('reports every finding once, equal to a single pass, with functions deleted and created between parts', async () => {
    const handler = await importHandler('on-role-change', { ROLE_CHANGE_CHUNK_SIZE: '4', AUDIT_API_RATE: '1000000' });
    const first = sampleEvent<EventBridgeCloudTrailEvent>('CreatePolicyVersion.json');
    let event: unknown = first;
    const outcomes: string[] = [];
    const payloads: unknown[] = [];
    for (let invocation = 1; invocation <= 10; invocation++) {
      outcomes.push((await handler(event, context)).outcome);
      if (invocation === 1) {
        // Between parts: c6 is deleted (its entry stays in the index), e1 is created on role-d and
        // indexed by its CreateFunction event.
        aws.account.functions.splice(aws.account.functions.findIndex((f) => f.name === 'c6'), 1);
        aws.account.functions.push(fn('e1', 'role-d', true));
        await new DynamoRoleFunctionIndex({ client: new DynamoDBClient({ region: 'us-east-1' }), tableName: 'keycard-idempotency' })
          .add([{ roleArn: 'arn:aws:iam::111122223333:role/role-d', functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:e1' }]);
      }
      const invokes = aws.stubs.lambda.commandCalls(InvokeCommand);
      if (invokes.length < invocation) break;
      expect(invokes[invocation - 1]!.args[0].input).toMatchObject({ FunctionName: context.invokedFunctionArn, InvocationType: 'Event' });
      event = payloadOf(invokes[invocation - 1] as never);
      payloads.push(event);
    }
    // role-a (4) | role-b (2; role-c does not fit beside it) | role-c (4 of 5) | rest of role-c, role-d (d1, e1).
    expect(outcomes).toEqual(['evaluated', 'evaluated', 'evaluated', 'evaluated']);
    expect(payloads.map((p) => (p as { detail: { eventID: string } }).detail.eventID)).toEqual(
      [2, 3, 4].map((n) => `${first.detail.eventID}#part-${n}`),
    );
    // Listed once (cold index), then every part read the index the first part wrote.
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(3);
    const locks = aws.stubs.lambda.commandCalls(GetPolicyCommand).map((c) => String(c.args[0].input.FunctionName));
    expect(locks.sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'c1', 'c2', 'c3', 'c4', 'c5', 'd1', 'e1']);
    const split = sentFindingEvents(aws).map(key).sort();
    // The function created between parts is judged; the deleted one is not.
    expect(split).toContain('public-invoke arn:aws:lambda:us-east-1:111122223333:function:e1');
    expect(split.filter((k) => k.endsWith(':function:c6'))).toEqual([]);
    const alerts = sentAlerts(aws).length;

    // A part delivered again (Lambda's async retry) is idempotent on its own event id.
    await handler(payloads[1], context);
    expect(sentFindingEvents(aws).map(key).sort()).toEqual(split);
    expect(sentAlerts(aws)).toHaveLength(alerts);

    // The same change in one pass over the account as it ends.
    aws.resetHistory();
    const whole = await importHandler('on-role-change', { ROLE_CHANGE_CHUNK_SIZE: '1000', AUDIT_API_RATE: '1000000' });
    const again = sampleEvent<EventBridgeCloudTrailEvent>('CreatePolicyVersion.json');
    again.detail.eventID = 'b7c1e3a0-5f2d-4e8b-9c6a-1d2e3f4a5b6c';
    await whole(again, context);
    expect(aws.stubs.lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    const single = sentFindingEvents(aws).map(key).sort();
    expect(single.length).toBeGreaterThan(8);
    expect(single).toContain('shared-execution-role arn:aws:iam::111122223333:role/role-c');
    expect(single).toContain('admin-access arn:aws:iam::111122223333:role/role-a');
    expect(split).toEqual(single);
  });

  it('rejects a continuation it did not write, naming the field', async () => {
    const handler = await importHandler('on-role-change', { ROLE_CHANGE_CHUNK_SIZE: '4' });
    const event = { ...sampleEvent('CreatePolicyVersion.json'), keycardRoleChange: { part: 1, startAfter: 'x', reportedRoles: 'all' } };
    await expect(handler(event, context)).rejects.toThrow(/keycardRoleChange\.reportedRoles is missing or of the wrong type/);
  });
});
