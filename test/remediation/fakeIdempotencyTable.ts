/**
 * An in-memory DynamoDB table behind aws-sdk-client-mock with the semantics Powertools relies on:
 * PutItem honours `attribute_not_exists(#id) OR #expiry < :now ...` and returns the existing item
 * (ReturnValuesOnConditionCheckFailure ALL_OLD) in ConditionalCheckFailedException; UpdateItem
 * applies `SET #a = :a, ...`; DeleteItem removes.
 */
import { ConditionalCheckFailedException, DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

export function fakeIdempotencyTable(ddb: AwsClientStub<DynamoDBClient>): Map<string, Item> {
  const table = new Map<string, Item>();
  const keyOf = (key: Item | undefined) => key?.['id']?.S ?? '';
  ddb.on(PutItemCommand).callsFake((input: { Item: Item }) => {
    const id = keyOf(input.Item);
    const existing = table.get(id);
    const now = Date.now();
    const expired = existing !== undefined && Number(existing['expiration']?.N ?? 0) < now / 1000;
    const staleInProgress =
      existing?.['status']?.S === 'INPROGRESS' && existing['in_progress_expiration'] !== undefined && Number(existing['in_progress_expiration'].N) < now;
    if (existing !== undefined && !expired && !staleInProgress) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 }, Item: existing });
    }
    table.set(id, { ...input.Item });
    return {};
  });
  ddb.on(UpdateItemCommand).callsFake((input: { Key: Item; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Item }) => {
    const id = keyOf(input.Key);
    const item = { ...(table.get(id) ?? input.Key) };
    for (const [, name, value] of input.UpdateExpression.replace(/^SET /, '').matchAll(/(#\w+) = (:\w+)/g)) {
      item[input.ExpressionAttributeNames[name!]!] = input.ExpressionAttributeValues[value!]!;
    }
    table.set(id, item);
    return {};
  });
  ddb.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
    table.delete(keyOf(input.Key));
    return {};
  });
  return table;
}
