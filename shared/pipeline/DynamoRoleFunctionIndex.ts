/**
 * The role -> functions index in the stack's DynamoDB table (the idempotency table, key `id`, TTL
 * attribute `expiration`). Its items never collide with Powertools' idempotency records, whose ids
 * start with a function name (no `:` in those):
 * - `keycard:role-functions:<lower-cased role ARN>`: `functions` (string set of function ARNs), or
 *   `overflow` when the role has more functions than one item should hold; expires 30 days after its
 *   last write (every audit rewrites the entries it saw, so an entry outlives the marker vouching for it);
 * - `keycard:role-functions-audit`: `completedAt` and `auditId` of the last complete audit; expires
 *   after `markerLifetimeSeconds` (48 h: two missed daily audits), after which the index is cold;
 * - `keycard:role-functions-by-function:<unqualified function ARN>`: the way back, for a deleted
 *   function whose role can no longer be read (DeleteFunction names only the function): `entries`
 *   (string set of `<lower-cased role ARN> <function ARN>`, the function's aliases and versions
 *   included) and `indexedAt` (epoch ms of its last add); written before the role items, same lifetime.
 * All ids start `keycard:role-functions`, the prefix the roles' `dynamodb:LeadingKeys` conditions allow.
 * Reads are one BatchGetItem (marker and roles together), or one GetItem for a deleted function;
 * writes are UpdateItem ADD / DELETE, which never replace what another writer added. Nothing scans.
 */
import { BatchGetItemCommand, ConditionalCheckFailedException, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, BatchGetItemCommandOutput, DynamoDBClient, KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { unqualifiedFunctionArn } from '../facts/unqualifiedFunctionArn.ts';
import type { ForgetResult, RoleFunctionEntry, RoleFunctionIndex, RoleIndexLookup } from './RoleFunctionIndex.ts';

export const ROLE_INDEX_KEY_PREFIX = 'keycard:role-functions:';
export const ROLE_INDEX_MARKER_KEY = 'keycard:role-functions-audit';
export const FUNCTION_ROLES_KEY_PREFIX = 'keycard:role-functions-by-function:';
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
/** The item naming the roles a function (any alias or version of it) is indexed under. */
export const functionRolesKey = (functionArn: string): string => `${FUNCTION_ROLES_KEY_PREFIX}${unqualifiedFunctionArn(functionArn)}`;

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
    // The way back first: forgetDeleted reads it again after removing, so an add it raced is put back.
    await forEachConcurrently([...byFunction(entries)], async ([key, pairs]) => {
      await this.#update(key, {
        expression: 'ADD #entries :pairs SET #indexedAt = :indexedAt, #expiration = :expiration',
        names: { '#entries': 'entries', '#indexedAt': 'indexedAt', '#expiration': 'expiration' },
        values: {
          ':pairs': { SS: pairs },
          ':indexedAt': { N: String(this.#now().getTime()) },
          ':expiration': { N: String(this.#expiresIn(ROLE_INDEX_ENTRY_LIFETIME_SECONDS)) },
        },
      });
    });
    await forEachConcurrently([...byRole(entries)], async ([key, arns]) => {
      const expiration = { N: String(this.#expiresIn(ROLE_INDEX_ENTRY_LIFETIME_SECONDS)) };
      const added =
        arns.length <= this.#max &&
        (await this.#update(key, {
          expression: 'ADD #functions :arns SET #expiration = :expiration',
          // Room for every new ARN even if none is there yet; an overflowed role stays overflowed.
          condition: '(attribute_not_exists(#functions) OR size(#functions) <= :room) AND attribute_not_exists(#overflow)',
          names: { '#functions': 'functions', '#expiration': 'expiration', '#overflow': 'overflow' },
          values: { ':arns': { SS: arns }, ':expiration': expiration, ':room': { N: String(this.#max - arns.length) } },
        }));
      if (added) return;
      // Too many for one item: lookups of this role list the region instead.
      await this.#update(key, {
        expression: 'SET #overflow = :true, #expiration = :expiration REMOVE #functions',
        names: { '#functions': 'functions', '#expiration': 'expiration', '#overflow': 'overflow' },
        values: { ':true': { BOOL: true }, ':expiration': expiration },
      });
    });
  }

  async remove(entries: readonly RoleFunctionEntry[]): Promise<void> {
    await forEachConcurrently([...byRole(entries)], async ([key, arns]) => {
      await this.#update(key, {
        expression: 'DELETE #functions :arns',
        // Never create an item just to delete from it.
        condition: 'attribute_exists(#functions)',
        names: { '#functions': 'functions' },
        values: { ':arns': { SS: arns } },
      });
    });
  }

  async forgetDeleted(functionArn: string, options: { deletedAt: Date; qualifier?: string }): Promise<ForgetResult> {
    const key = functionRolesKey(functionArn);
    const before = await this.#getItem(key);
    if (before === undefined) return { removed: [] };
    const indexedAt = before['indexedAt']?.N ?? '0';
    // CloudTrail's eventTime is cut to the second, so an add in the second of the deletion counts as
    // after it: kept (a stale entry costs a read; a removed live one would hide a function). So is
    // everything when the deletion's time is not a time (NaN compares false).
    if (!(Number(indexedAt) < options.deletedAt.getTime())) {
      const deleted = Number.isNaN(options.deletedAt.getTime()) ? 'an unreadable time' : options.deletedAt.toISOString();
      return { removed: [], kept: `the function was indexed at ${new Date(Number(indexedAt)).toISOString()}, not before its deletion (${deleted})` };
    }
    const wanted = options.qualifier === undefined || options.qualifier === '$LATEST' ? undefined : `${unqualifiedFunctionArn(functionArn)}:${options.qualifier}`;
    const pairs = (before['entries']?.SS ?? []).filter((pair) => wanted === undefined || pair.split(' ')[1] === wanted).sort();
    if (pairs.length === 0) return { removed: [] };
    const entries = pairs.map((pair) => {
      const [roleArn, arn] = pair.split(' ') as [string, string];
      return { roleArn, functionArn: arn };
    });
    await this.remove(entries);
    // An add that raced the removal (the function re-created meanwhile) wrote this item first: put the
    // entries back. One that writes it after this read writes its role items after the removal too.
    const after = await this.#getItem(key);
    if ((after?.['indexedAt']?.N ?? '0') !== indexedAt) {
      await this.add(entries);
      return { removed: [], kept: 'the function was indexed again while its entries were being removed' };
    }
    // Indexed again just now (condition failed): its pairs stay (a later deletion removes them, or they expire).
    await this.#update(key, {
      expression: 'DELETE #entries :pairs',
      condition: '#indexedAt = :indexedAt',
      names: { '#entries': 'entries', '#indexedAt': 'indexedAt' },
      values: { ':pairs': { SS: pairs }, ':indexedAt': { N: indexedAt } },
    });
    return { removed: entries };
  }

  async markComplete(completedAt: Date, auditId: string, regions?: readonly string[]): Promise<void> {
    // The regions listed replace the marker's old ones (REMOVE when not given: an older marker's regions are not this audit's).
    const listed = regions === undefined || regions.length === 0 ? undefined : [...new Set(regions)].sort();
    await this.#update(ROLE_INDEX_MARKER_KEY, {
      expression: 'SET #completedAt = :completedAt, #auditId = :auditId, #expiration = :expiration' + (listed === undefined ? ' REMOVE #regions' : ', #regions = :regions'),
      names: { '#completedAt': 'completedAt', '#auditId': 'auditId', '#expiration': 'expiration', '#regions': 'regions' },
      values: {
        ':completedAt': { S: completedAt.toISOString() },
        ':auditId': { S: auditId },
        ':expiration': { N: String(Math.floor(completedAt.getTime() / 1000) + this.#markerLifetime) },
        ...(listed === undefined ? {} : { ':regions': { SS: listed } }),
      },
    });
  }

  /**
   * One UpdateItem of item `id` (ADD / DELETE / SET, never a replacement). With a `condition`: false
   * when it did not hold (nothing written); any other failure throws.
   */
  async #update(
    id: string,
    update: { expression: string; condition?: string; names: Record<string, string>; values: Record<string, AttributeValue> },
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: { id: { S: id } },
          UpdateExpression: update.expression,
          ...(update.condition === undefined ? {} : { ConditionExpression: update.condition }),
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: update.values,
        }),
      );
      return true;
    } catch (error) {
      if (update.condition !== undefined && error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  #expiresIn(seconds: number): number {
    return Math.floor(this.#now().getTime() / 1000) + seconds;
  }

  async #getItem(id: string): Promise<Record<string, AttributeValue> | undefined> {
    const response = await this.#client.send(new GetItemCommand({ TableName: this.#table, Key: { id: { S: id } }, ConsistentRead: true }));
    return response.Item;
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
const byRole = (entries: readonly RoleFunctionEntry[]) => grouped(entries, (e) => roleIndexKey(e.roleArn), (e) => e.functionArn);

/** Entries grouped by their function's way-back item key, as `<lower-cased role ARN> <function ARN>` pairs. */
const byFunction = (entries: readonly RoleFunctionEntry[]) =>
  grouped(entries, (e) => functionRolesKey(e.functionArn), (e) => `${e.roleArn.toLowerCase()} ${e.functionArn}`);

/** Each item key with its values, each once, sorted. */
function grouped(
  entries: readonly RoleFunctionEntry[],
  keyOf: (entry: RoleFunctionEntry) => string,
  valueOf: (entry: RoleFunctionEntry) => string,
): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const entry of entries) {
    const key = keyOf(entry);
    groups.set(key, (groups.get(key) ?? new Set()).add(valueOf(entry)));
  }
  return new Map([...groups].map(([key, values]) => [key, [...values].sort()]));
}

async function forEachConcurrently<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(WRITE_CONCURRENCY, items.length)) }, worker));
}
