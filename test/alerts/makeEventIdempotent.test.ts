import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDEMPOTENCY_KEY_PATH, makeEventIdempotent } from '../../shared/alerts/makeEventIdempotent.ts';

const ddb = mockClient(DynamoDBClient);
const context = { functionName: 'keycard-on-role-change', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
const event = (envelopeId: string, eventID?: string) => ({ id: envelopeId, 'detail-type': 'AWS API Call via CloudTrail', detail: eventID === undefined ? {} : { eventID } });

beforeAll(() => {
  process.env['AWS_LAMBDA_FUNCTION_NAME'] = 'keycard-on-role-change';
});
afterAll(() => {
  delete process.env['AWS_LAMBDA_FUNCTION_NAME'];
});
beforeEach(() => ddb.reset());

describe('makeEventIdempotent', () => {
  it(`keys on ${IDEMPOTENCY_KEY_PATH} and claims it with a conditional put before running the handler`, async () => {
    ddb.on(PutItemCommand).resolves({});
    ddb.on(UpdateItemCommand).resolves({});
    const publish = vi.fn(async () => ({ sent: true, messageId: 'm-1' }));
    const handler = makeEventIdempotent(publish, { tableName: 'keycard-idempotency', dynamoDBClient: new DynamoDBClient({}) });
    expect(await handler(event('env-1', '39480357-0a1d-4531-a3f2-71be4c041c25'), context)).toEqual({ sent: true, messageId: 'm-1' });
    const put = ddb.commandCalls(PutItemCommand)[0]!.args[0].input;
    expect(put.TableName).toBe('keycard-idempotency');
    expect(put.ConditionExpression).toContain('attribute_not_exists(#id)');
    expect(put.Item?.['status']).toEqual({ S: 'INPROGRESS' });
    expect(ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input.ExpressionAttributeValues?.[':status']).toEqual({ S: 'COMPLETED' });
  });

  it('returns the stored result when the conditional put fails (repeated delivery), without running the handler again', async () => {
    ddb.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
        Item: {
          id: { S: 'keycard-on-role-change#c2f0' },
          status: { S: 'COMPLETED' },
          expiration: { N: String(Math.floor(Date.now() / 1000) + 3600) },
          data: { M: { sent: { BOOL: true }, messageId: { S: 'm-1' } } },
        },
      }),
    );
    const publish = vi.fn(async () => ({ sent: true, messageId: 'm-2' }));
    const handler = makeEventIdempotent(publish, { tableName: 'keycard-idempotency', dynamoDBClient: new DynamoDBClient({}) });
    expect(await handler(event('env-2', '39480357-0a1d-4531-a3f2-71be4c041c25'), context)).toEqual({ sent: true, messageId: 'm-1' });
    expect(publish).not.toHaveBeenCalled();
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(0); // the failed put carried the record (ALL_OLD)
  });

  it('uses the same key for the same CloudTrail event in different envelopes, and different keys for different events', async () => {
    ddb.on(PutItemCommand).resolves({});
    ddb.on(UpdateItemCommand).resolves({});
    const handler = makeEventIdempotent(async () => ({ sent: false, reason: 'no findings' }), { tableName: 't', dynamoDBClient: new DynamoDBClient({}) });
    await handler(event('env-a', 'e-1'), context);
    await handler(event('env-b', 'e-1'), context);
    await handler(event('env-c', 'e-2'), context);
    const keys = ddb.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item?.['id']?.S);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('runs events without a CloudTrail event id (manual audit invocation) without idempotency', async () => {
    const run = vi.fn(async () => ({ sent: false, reason: 'no findings' }));
    const handler = makeEventIdempotent(run, { tableName: 't', dynamoDBClient: new DynamoDBClient({}) });
    await handler(event('env-x'), context);
    expect(run).toHaveBeenCalledOnce();
    expect(ddb.calls()).toHaveLength(0);
  });
});
