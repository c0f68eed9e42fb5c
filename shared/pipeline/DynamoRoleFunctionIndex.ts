/**
 * The role -> functions index in the stack's DynamoDB table (the idempotency table, key `id`, TTL
 * attribute `expiration`). Its items never collide with Powertools' idempotency records, whose ids
 * start with a function name (no `:` in those):
 * - `keycard:role-functions:<lower-cased role ARN>`: `functions` (string set of function ARNs), or
 *   `overflow` when the role has more functions than one item should hold; expires 30 days after its
 *   last write (every audit rewrites the entries it saw, so an entry outlives the marker vouching for it);
 * - `keycard:role-functions-audit`: `completedAt` and `auditId` of the last complete audit; expires
 *   after `markerLifetimeSeconds` (48 h: two missed daily audits), after which the index is cold.
 * Reads are one BatchGetItem (marker and roles together); writes are UpdateItem ADD / DELETE, which
 * never replace what another writer added.
 */
import { BatchGetItemCommand, ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, BatchGetItemCommandOutput, DynamoDBClient, KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import type { RoleFunctionEntry, RoleFunctionIndex, RoleIndexLookup } from './RoleFunctionIndex.ts';

export const ROLE_INDEX_KEY_PREFIX = 'keycard:role-functions:';
export const ROLE_INDEX_MARKER_KEY = 'keycard:role-functions-audit';
/** Entries live a month past their last write; the marker, not the entry's age, decides trust. */
export const ROLE_INDEX_ENTRY_LIFETIME_SECONDS = 30 * 24 * 3600;
export const ROLE_INDEX_MARKER_LIFETIME_SECONDS = 48 * 3600;
/** Function ARNs per role item (~150 bytes each, well under DynamoDB's 400 KB item limit). */
export const ROLE_INDEX_MAX_FUNCTIONS = 1_000;

/** BatchGetItem takes at most 100 keys; one is the marker. */
const ROLES_PER_BATCH = 99;
const WRITE_CONCURRENCY = 16;
const BATCH_GET_ATTEMPTS = 5;

export interface DynamoRoleFunctionIndexOptions {
  client: DynamoDBClient;
  tableName: string;
  markerLifetimeSeconds?: number;
  maxFunctionsPerRole?: number;
  now?: () => Date;
}

export const roleIndexKey = (roleArn: string): string => `${ROLE_INDEX_KEY_PREFIX}${roleArn.toLowerCase()}`;

export class DynamoRoleFunctionIndex implements RoleFunctionIndex {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #markerLifetime: number;
  readonly #max: number;
  readonly #now: () => Date;

  constructor(options: DynamoRoleFunctionIndexOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#markerLifetime = options.markerLifetimeSeconds ?? ROLE_INDEX_MARKER_LIFETIME_SECONDS;
    this.#max = options.maxFunctionsPerRole ?? ROLE_INDEX_MAX_FUNCTIONS;
    this.#now = options.now ?? (() => new Date());
  }

  async lookup(roleArns: readonly string[], options: { trustWithoutAudit?: boolean } = {}): Promise<RoleIndexLookup> {
    const roleKeys = [...new Set(roleArns.map(roleIndexKey))];
    const items = new Map<string, Record<string, AttributeValue>>();
    for (let start = 0; start < Math.max(roleKeys.length, 1); start += ROLES_PER_BATCH) {
      const ids = [...(start === 0 ? [ROLE_INDEX_MARKER_KEY] : []), ...roleKeys.slice(start, start + ROLES_PER_BATCH)];
      for (const item of await this.#batchGet(ids)) items.set(item['id']?.S ?? '', item);
    }
    const nowSeconds = this.#now().getTime() / 1000;
    // DynamoDB deletes expired items lazily (up to days later): an expired item is treated as absent.
    const live = (item: Record<string, AttributeValue> | undefined) =>
      item !== undefined && (item['expiration']?.N === undefined || Number(item['expiration'].N) > nowSeconds) ? item : undefined;
    const marker = live(items.get(ROLE_INDEX_MARKER_KEY));
    const completedAt = marker?.['completedAt']?.S;
    if (completedAt === undefined && options.trustWithoutAudit !== true) {
      return { state: 'cold', reason: 'no complete audit has filled the role index in the last ' + `${Math.round(this.#markerLifetime / 3600)} h` };
    }
    const functions = new Map<string, string[]>();
    for (const arn of roleArns) {
      const item = live(items.get(roleIndexKey(arn)));
      if (item?.['overflow']?.BOOL === true) {
        return { state: 'cold', reason: `role ${arn} runs more than ${this.#max} functions, more than its index entry holds` };
      }
      functions.set(arn.toLowerCase(), [...(item?.['functions']?.SS ?? [])].sort());
    }
    const regions = marker?.['regions']?.SS;
    return {
      state: 'warm',
      functions,
      completedAt: completedAt ?? '(not vouched for by an audit)',
      ...(completedAt === undefined || regions === undefined ? {} : { regions: [...regions].sort() }),
    };
  }

  async add(entries: readonly RoleFunctionEntry[]): Promise<void> {
    await forEachConcurrently([...byRole(entries)], async ([key, arns]) => {
      const expiration = { N: String(this.#expiresIn(ROLE_INDEX_ENTRY_LIFETIME_SECONDS)) };
      if (arns.length <= this.#max) {
        try {
          await this.#client.send(
            new UpdateItemCommand({
              TableName: this.#table,
              Key: { id: { S: key } },
              UpdateExpression: 'ADD #functions :arns SET #expiration = :expiration',
              // Room for every new ARN even if none is there yet; an overflowed role stays overflowed.
              ConditionExpression: '(attribute_not_exists(#functions) OR size(#functions) <= :room) AND attribute_not_exists(#overflow)',
              ExpressionAttributeNames: { '#functions': 'functions', '#expiration': 'expiration', '#overflow': 'overflow' },
              ExpressionAttributeValues: { ':arns': { SS: arns }, ':expiration': expiration, ':room': { N: String(this.#max - arns.length) } },
            }),
          );
          return;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      // Too many for one item: lookups of this role list the region instead.
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { id: { S: key } },
          UpdateExpression: 'SET #overflow = :true, #expiration = :expiration REMOVE #functions',
          ExpressionAttributeNames: { '#functions': 'functions', '#expiration': 'expiration', '#overflow': 'overflow' },
          ExpressionAttributeValues: { ':true': { BOOL: true }, ':expiration': expiration },
        }),
      );
    });
  }

  async remove(entries: readonly RoleFunctionEntry[]): Promise<void> {
    await forEachConcurrently([...byRole(entries)], async ([key, arns]) => {
      try {
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: { id: { S: key } },
            UpdateExpression: 'DELETE #functions :arns',
            // Never create an item just to delete from it.
            ConditionExpression: 'attribute_exists(#functions)',
            ExpressionAttributeNames: { '#functions': 'functions' },
            ExpressionAttributeValues: { ':arns': { SS: arns } },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  async markComplete(completedAt: Date, auditId: string, regions?: readonly string[]): Promise<void> {
    // The regions listed replace the marker's old ones (REMOVE when not given: an older marker's regions are not this audit's).
    const listed = regions === undefined || regions.length === 0 ? undefined : [...new Set(regions)].sort();
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: { id: { S: ROLE_INDEX_MARKER_KEY } },
        UpdateExpression:
          'SET #completedAt = :completedAt, #auditId = :auditId, #expiration = :expiration' + (listed === undefined ? ' REMOVE #regions' : ', #regions = :regions'),
        ExpressionAttributeNames: { '#completedAt': 'completedAt', '#auditId': 'auditId', '#expiration': 'expiration', '#regions': 'regions' },
        ExpressionAttributeValues: {
          ':completedAt': { S: completedAt.toISOString() },
          ':auditId': { S: auditId },
          ':expiration': { N: String(Math.floor(completedAt.getTime() / 1000) + this.#markerLifetime) },
          ...(listed === undefined ? {} : { ':regions': { SS: listed } }),
        },
      }),
    );
  }

  #expiresIn(seconds: number): number {
    return Math.floor(this.#now().getTime() / 1000) + seconds;
  }

  /** One BatchGetItem, again for keys DynamoDB left unprocessed (throttling), a few times. */
  async #batchGet(ids: string[]): Promise<Record<string, AttributeValue>[]> {
    const found: Record<string, AttributeValue>[] = [];
    let request: Record<string, KeysAndAttributes> | undefined = {
      [this.#table]: { Keys: ids.map((id) => ({ id: { S: id } })), ConsistentRead: true },
    };
    for (let attempt = 1; request !== undefined && Object.keys(request).length > 0; attempt++) {
      if (attempt > BATCH_GET_ATTEMPTS) throw new Error(`The role index (DynamoDB table ${this.#table}) left keys unread after ${BATCH_GET_ATTEMPTS} attempts (throttled).`);
      const response: BatchGetItemCommandOutput = await this.#client.send(new BatchGetItemCommand({ RequestItems: request }));
      found.push(...(response.Responses?.[this.#table] ?? []));
      request = response.UnprocessedKeys;
    }
    return found;
  }
}

/** Entries grouped by role item key, each function ARN once. */
function byRole(entries: readonly RoleFunctionEntry[]): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const { roleArn, functionArn } of entries) {
    const key = roleIndexKey(roleArn);
    groups.set(key, (groups.get(key) ?? new Set()).add(functionArn));
  }
  return new Map([...groups].map(([key, arns]) => [key, [...arns].sort()]));
}

async function forEachConcurrently<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(WRITE_CONCURRENCY, items.length)) }, worker));
}
