/**
 * The stack's DynamoDB table, held in memory behind aws-sdk-client-mock. For Powertools idempotency:
 * PutItem is conditional (an unexpired record makes it fail with ConditionalCheckFailedException
 * carrying the existing item, as `ReturnValuesOnConditionCheckFailure: ALL_OLD` does), UpdateItem
 * applies `SET #a = :a, ...`, DeleteItem removes. For the role index: UpdateItem also applies
 * `ADD` / `DELETE` on string sets and `REMOVE`, checks the condition forms the index writes
 * (`attribute_exists`, `attribute_not_exists`, `size(...) <= :n`, `#a = :v`, AND / OR, parentheses) and
 * BatchGetItem reads. Enough to prove a repeated event is not handled twice and the index holds.
 */
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
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
    (input: {
      Key: Item;
      UpdateExpression: string;
      ConditionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Item;
    }) => {
      const id = keyOf(input.Key);
      const names = input.ExpressionAttributeNames ?? {};
      const values = input.ExpressionAttributeValues ?? {};
      const existing = table.get(id);
      if (input.ConditionExpression !== undefined && !conditionHolds(input.ConditionExpression, existing, names, values)) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
      }
      const item = { ...(existing ?? input.Key) };
      for (const [, action, body] of input.UpdateExpression.matchAll(/(SET|ADD|DELETE|REMOVE) (.*?)(?= (?:SET|ADD|DELETE|REMOVE) |$)/g)) {
        for (const clause of body!.split(',').map((c) => c.trim())) {
          const [nameToken, valueToken] = clause.split(/ = | /);
          const name = names[nameToken!]!;
          const value = valueToken === undefined ? undefined : values[valueToken];
          if (action === 'SET') item[name] = value!;
          else if (action === 'REMOVE') delete item[name];
          else {
            const now = new Set(item[name]?.SS ?? []);
            for (const member of value?.SS ?? []) action === 'ADD' ? now.add(member) : now.delete(member);
            // DynamoDB keeps no empty sets: the attribute goes.
            if (now.size === 0) delete item[name];
            else item[name] = { SS: [...now] };
          }
        }
      }
      table.set(id, item);
      return {};
    },
  );
  ddb.on(BatchGetItemCommand).callsFake((input: { RequestItems: Record<string, { Keys: Item[] }> }) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems).map(([tableName, { Keys }]) => [
        tableName,
        Keys.map((key) => table.get(keyOf(key))).filter((item): item is Item => item !== undefined),
      ]),
    ),
    UnprocessedKeys: {},
  }));
  ddb.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
    table.delete(keyOf(input.Key));
    return {};
  });
  return table;
}

/** The condition forms the role index writes, evaluated on the item as it is. */
function conditionHolds(condition: string, item: Item | undefined, names: Record<string, string>, values: Item): boolean {
  const attribute = (token: string) => item?.[names[token] ?? token];
  const expression = condition
    .replace(/attribute_not_exists\((#\w+)\)/g, (_, token: string) => String(attribute(token) === undefined))
    .replace(/attribute_exists\((#\w+)\)/g, (_, token: string) => String(attribute(token) !== undefined))
    .replace(/size\((#\w+)\) <= (:\w+)/g, (_, token: string, value: string) =>
      String((attribute(token)?.SS?.length ?? 0) <= Number(values[value]?.N)),
    )
    .replace(/(#\w+) = (:\w+)/g, (_, token: string, value: string) => String(JSON.stringify(attribute(token)) === JSON.stringify(values[value])))
    .replace(/ AND /g, ' && ')
    .replace(/ OR /g, ' || ');
  // Another form (none is written today): not checked, as before this fake knew conditions.
  if (!/^[()\s&|truefals]*$/.test(expression)) return true;
  return Boolean(new Function(`return ${expression};`)());
}
