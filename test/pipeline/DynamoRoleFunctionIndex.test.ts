/**
 * The role index on DynamoDB, through aws-sdk-client-mock and the in-memory table the idempotency
 * tests use: keys never collide with idempotency records, cold until a complete audit, expired
 * items are absent, ADD/DELETE never lose another writer's entries, an oversized role overflows.
 */
import { BatchGetItemCommand, DynamoDBClient, GetItemCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsStub } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoRoleFunctionIndex,
  functionRolesKey,
  ROLE_INDEX_MARKER_KEY,
  roleIndexKey,
} from '../../shared/pipeline/DynamoRoleFunctionIndex.ts';
import { fakeIdempotencyTable } from '../support/fakeIdempotencyTable.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ddb = mockClient(DynamoDBClient) as AwsStub<any, any, any>;
afterAll(() => ddb.restore());
let table: ReturnType<typeof fakeIdempotencyTable>;
beforeEach(() => {
  ddb.reset();
  table = fakeIdempotencyTable(ddb);
});

const ROLE = 'arn:aws:iam::111122223333:role/Orders-Role';
const OTHER = 'arn:aws:iam::111122223333:role/other-role';
const fn = (name: string) => `arn:aws:lambda:us-east-1:111122223333:function:${name}`;
let clock = new Date('2026-12-06T08:00:00Z');
const index = (options: { max?: number } = {}) =>
  new DynamoRoleFunctionIndex({ client: new DynamoDBClient({ region: 'us-east-1' }), tableName: 'keycard-table', now: () => clock, ...(options.max ? { maxFunctionsPerRole: options.max } : {}) });

describe('DynamoRoleFunctionIndex', () => {
  beforeEach(() => {
    clock = new Date('2026-12-06T08:00:00Z');
  });

  it('is cold until a complete audit marks it, then answers per role (case-insensitively) in one read', async () => {
    await index().add([
      { roleArn: ROLE, functionArn: fn('orders-api') },
      { roleArn: ROLE, functionArn: fn('orders-worker') },
      { roleArn: OTHER, functionArn: fn('other') },
    ]);
    expect(await index().lookup([ROLE])).toMatchObject({ state: 'cold' });
    await index().markComplete(clock, 'audit-1');
    ddb.resetHistory();
    const warm = await index().lookup([ROLE.toLowerCase(), 'arn:aws:iam::111122223333:role/idle']);
    expect(ddb.commandCalls(BatchGetItemCommand)).toHaveLength(1);
    expect(warm).toEqual({
      state: 'warm',
      completedAt: '2026-12-06T08:00:00.000Z',
      functions: new Map([
        [ROLE.toLowerCase(), [fn('orders-api'), fn('orders-worker')]],
        ['arn:aws:iam::111122223333:role/idle', []],
      ]),
    });
  });

  it('vouches for the regions the audit listed, and only for those an audit says (a later audit without them forgets them)', async () => {
    await index().add([{ roleArn: ROLE, functionArn: fn('orders-api') }]);
    await index().markComplete(clock, 'audit-1', ['us-east-1', 'eu-west-1', 'eu-west-1']);
    expect(await index().lookup([ROLE])).toMatchObject({ state: 'warm', regions: ['eu-west-1', 'us-east-1'] });
    await index().markComplete(clock, 'audit-2');
    const older = await index().lookup([ROLE]);
    expect(older.state).toBe('warm');
    expect(older.state === 'warm' ? older.regions : 'cold').toBeUndefined();
  });

  it('writes keys of its own beside idempotency records, with TTLs: entries 30 days, the marker 48 hours', async () => {
    table.set('keycard-OnRoleChange#3f2a', { id: { S: 'keycard-OnRoleChange#3f2a' }, status: { S: 'COMPLETED' } });
    await index().add([{ roleArn: ROLE, functionArn: fn('orders-api') }]);
    await index().markComplete(clock, 'audit-1');
    const now = clock.getTime() / 1000;
    expect([...table.keys()].sort()).toEqual(['keycard-OnRoleChange#3f2a', roleIndexKey(ROLE), functionRolesKey(fn('orders-api')), ROLE_INDEX_MARKER_KEY].sort());
    expect(roleIndexKey(ROLE)).toBe('keycard:role-functions:arn:aws:iam::111122223333:role/orders-role');
    // Under the prefix the roles' dynamodb:LeadingKeys conditions allow (keycard:role-functions*).
    expect(functionRolesKey(`${fn('orders-api')}:live`)).toBe('keycard:role-functions-by-function:arn:aws:lambda:us-east-1:111122223333:function:orders-api');
    expect(Number(table.get(functionRolesKey(fn('orders-api')))?.['expiration']?.N)).toBe(now + 30 * 24 * 3600);
    expect(Number(table.get(roleIndexKey(ROLE))?.['expiration']?.N)).toBe(now + 30 * 24 * 3600);
    expect(Number(table.get(ROLE_INDEX_MARKER_KEY)?.['expiration']?.N)).toBe(now + 48 * 3600);
    expect(table.get('keycard-OnRoleChange#3f2a')).toEqual({ id: { S: 'keycard-OnRoleChange#3f2a' }, status: { S: 'COMPLETED' } });
  });

  it('goes cold when the marker has expired, even before DynamoDB deletes it', async () => {
    await index().add([{ roleArn: ROLE, functionArn: fn('orders-api') }]);
    await index().markComplete(clock, 'audit-1');
    clock = new Date(clock.getTime() + 49 * 3600 * 1000);
    expect(await index().lookup([ROLE])).toMatchObject({ state: 'cold', reason: expect.stringContaining('no complete audit') });
    // A continuation that wrote the entries itself may still read them.
    expect(await index().lookup([ROLE], { trustWithoutAudit: true })).toMatchObject({ state: 'warm' });
  });

  it('adds without replacing and removes only what it is told', async () => {
    await index().add([{ roleArn: ROLE, functionArn: fn('a') }]);
    await index().add([{ roleArn: ROLE, functionArn: fn('b') }]);
    await index().remove([{ roleArn: ROLE, functionArn: fn('a') }, { roleArn: OTHER, functionArn: fn('x') }]);
    await index().markComplete(clock, 'audit-1');
    const lookup = await index().lookup([ROLE, OTHER]);
    expect(lookup.state === 'warm' && Object.fromEntries(lookup.functions)).toEqual({ [ROLE.toLowerCase()]: [fn('b')], [OTHER]: [] });
    // Removing from a role never indexed creates no item.
    expect(table.has(roleIndexKey(OTHER))).toBe(false);
  });

  it('marks a role with more functions than an item holds as overflowed: its lookups are cold', async () => {
    await index({ max: 2 }).add([{ roleArn: ROLE, functionArn: fn('a') }, { roleArn: ROLE, functionArn: fn('b') }]);
    await index({ max: 2 }).markComplete(clock, 'audit-1');
    expect(await index({ max: 2 }).lookup([ROLE])).toMatchObject({ state: 'warm' });
    await index({ max: 2 }).add([{ roleArn: ROLE, functionArn: fn('c') }]);
    expect(ddb.commandCalls(UpdateItemCommand).at(-1)?.args[0].input.UpdateExpression).toContain('SET #overflow');
    expect(await index({ max: 2 }).lookup([ROLE, OTHER])).toMatchObject({ state: 'cold', reason: expect.stringContaining('more than 2 functions') });
    // And it stays so: later additions do not bring back a partial list.
    await index({ max: 2 }).add([{ roleArn: ROLE, functionArn: fn('d') }]);
    expect(table.get(roleIndexKey(ROLE))?.['functions']).toBeUndefined();
  });

  it('forgets a deleted function under every role it was indexed under, aliases and versions included, without touching others', async () => {
    await index().add([
      { roleArn: ROLE, functionArn: fn('orders-api') },
      { roleArn: OTHER, functionArn: fn('orders-api') }, // its role changed since; both entries are there
      { roleArn: OTHER, functionArn: `${fn('orders-api')}:live` },
      { roleArn: ROLE, functionArn: fn('billing') },
    ]);
    await index().markComplete(clock, 'audit-1');
    clock = new Date(clock.getTime() + 60_000);
    const result = await index().forgetDeleted(fn('orders-api'), { deletedAt: clock });
    expect(result.removed).toEqual([
      { roleArn: ROLE.toLowerCase(), functionArn: fn('orders-api') },
      { roleArn: OTHER.toLowerCase(), functionArn: fn('orders-api') },
      { roleArn: OTHER.toLowerCase(), functionArn: `${fn('orders-api')}:live` },
    ]);
    const lookup = await index().lookup([ROLE, OTHER]);
    expect(lookup.state === 'warm' && Object.fromEntries(lookup.functions)).toEqual({ [ROLE.toLowerCase()]: [fn('billing')], [OTHER]: [] });
    expect(table.get(functionRolesKey(fn('orders-api')))?.['entries']).toBeUndefined();
    // Read with GetItem, never a Scan; a second deletion event finds nothing left.
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
    expect(await index().forgetDeleted(fn('orders-api'), { deletedAt: clock })).toEqual({ removed: [] });
  });

  it('forgets one alias or version (DeleteAlias, DeleteFunction --qualifier) and keeps the function', async () => {
    await index().add([
      { roleArn: ROLE, functionArn: fn('orders-api') },
      { roleArn: OTHER, functionArn: `${fn('orders-api')}:3` },
      { roleArn: OTHER, functionArn: `${fn('orders-api')}:live` },
    ]);
    await index().markComplete(clock, 'audit-1');
    clock = new Date(clock.getTime() + 60_000);
    expect((await index().forgetDeleted(fn('orders-api'), { deletedAt: clock, qualifier: '3' })).removed).toEqual([
      { roleArn: OTHER.toLowerCase(), functionArn: `${fn('orders-api')}:3` },
    ]);
    const lookup = await index().lookup([ROLE, OTHER]);
    expect(lookup.state === 'warm' && Object.fromEntries(lookup.functions)).toEqual({
      [ROLE.toLowerCase()]: [fn('orders-api')],
      [OTHER]: [`${fn('orders-api')}:live`],
    });
  });

  it('keeps the entries of a function indexed again after its deletion (re-created under the same name)', async () => {
    const deletedAt = clock;
    clock = new Date(clock.getTime() + 5_000);
    await index().add([{ roleArn: ROLE, functionArn: fn('orders-api') }]);
    expect(await index().forgetDeleted(fn('orders-api'), { deletedAt })).toMatchObject({ removed: [], kept: expect.stringContaining('not before its deletion') });
    // A deletion time that is not a time removes nothing either.
    expect(await index().forgetDeleted(fn('orders-api'), { deletedAt: new Date('not a time') })).toMatchObject({ removed: [], kept: expect.stringContaining('unreadable') });
    expect(table.get(roleIndexKey(ROLE))?.['functions']?.SS).toEqual([fn('orders-api')]);
  });

  it('puts the entries back when the function was indexed again while they were being removed', async () => {
    await index().add([{ roleArn: ROLE, functionArn: fn('orders-api') }]);
    const deletedAt = new Date(clock.getTime() + 1_000);
    clock = new Date(clock.getTime() + 2_000);
    // The re-created function's event writes its way-back item right after the removal's first read.
    let gets = 0;
    ddb.on(GetItemCommand).callsFake(async (input: { Key: { id: { S: string } } }) => {
      gets += 1;
      if (gets === 2) await index().add([{ roleArn: ROLE, functionArn: fn('orders-api') }]);
      const item = table.get(input.Key.id.S);
      return item === undefined ? {} : { Item: item };
    });
    clock = new Date(clock.getTime() + 1_000);
    expect(await index().forgetDeleted(fn('orders-api'), { deletedAt })).toMatchObject({ removed: [], kept: expect.stringContaining('while') });
    expect(table.get(roleIndexKey(ROLE))?.['functions']?.SS).toEqual([fn('orders-api')]);
  });

  it('asks for at most 100 keys per BatchGetItem', async () => {
    await index().markComplete(clock, 'audit-1');
    const roles = Array.from({ length: 150 }, (_, i) => `arn:aws:iam::111122223333:role/r${i}`);
    const lookup = await index().lookup(roles);
    const batches = ddb.commandCalls(BatchGetItemCommand).map((call) => Object.values(call.args[0].input.RequestItems ?? {})[0]?.Keys?.length);
    expect(batches).toEqual([100, 51]);
    expect(lookup.state === 'warm' && lookup.functions.size).toBe(150);
  });
});
