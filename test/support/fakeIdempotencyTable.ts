/**
 * The DynamoDB table Powertools idempotency writes to, held in memory behind aws-sdk-client-mock:
 * PutItem is conditional (an unexpired record makes it fail with ConditionalCheckFailedException
 * carrying the existing item, as `ReturnValuesOnConditionCheckFailure: ALL_OLD` does), UpdateItem
 * applies `SET #a = :a, ...`, DeleteItem removes. Enough to prove a repeated event is not handled twice.
 */
import { ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fakeIdempotencyTable(ddb: AwsStub<any, any, DynamoDBClient>): Map<string, Item> {
  const table = new Map<string, Item>();
  const keyOf = (key: Item | undefined): string => key?.['id']?.S ?? '';
  ddb.on(PutItemCommand).callsFake((input: { Item: Item }) => {
    const id = keyOf(input.Item);
    const existing = table.get(id);
    const nowMs = Date.now();
    const expired = existing !== undefined && Number(existing['expiration']?.N ?? 0) < nowMs / 1000;
    const staleInProgress =
      existing?.['status']?.S === 'INPROGRESS' &&
      existing['in_progress_expiration'] !== undefined &&
      Number(existing['in_progress_expiration'].N) < nowMs;
    if (existing !== undefined && !expired && !staleInProgress) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 }, Item: existing });
    }
    table.set(id, { ...input.Item });
    return {};
  });
  ddb.on(GetItemCommand).callsFake((input: { Key: Item }) => {
    const item = table.get(keyOf(input.Key));
    return item === undefined ? {} : { Item: item };
  });
  ddb.on(UpdateItemCommand).callsFake(
    (input: { Key: Item; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Item }) => {
      const id = keyOf(input.Key);
      const item = { ...(table.get(id) ?? input.Key) };
      for (const [, name, value] of input.UpdateExpression.replace(/^SET /, '').matchAll(/(#\w+) = (:\w+)/g)) {
        item[input.ExpressionAttributeNames[name!]!] = input.ExpressionAttributeValues[value!]!;
      }
      table.set(id, item);
      return {};
    },
  );
  ddb.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
    table.delete(keyOf(input.Key));
    return {};
  });
  return table;
}
