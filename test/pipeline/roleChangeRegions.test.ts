/**
 * A role change across the regions the stack watches (WatchedRegions): readRoleChangeFacts over live
 * readers, one per region, AWS mocked per region (a function given a region is seen only by that
 * region's clients). The role's functions are found in every watched region through the role index
 * (warm: each entry read through its region's reader) or by listing each region (cold), merged into one
 * set of facts; a region that cannot be listed is a gap while the others are read.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { DynamoRoleFunctionIndex, roleIndexKey } from '../../shared/pipeline/DynamoRoleFunctionIndex.ts';
import { readRoleChangeFacts } from '../../shared/pipeline/readRoleChangeFacts.ts';
import type { RoleChangeOptions } from '../../shared/pipeline/readRoleChangeFacts.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { createAwsMock, lambdaError } from '../support/mockAwsAccount.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const ACCOUNT = '111122223333';
const identity = { accountId: ACCOUNT, region: 'us-east-1', partition: 'aws' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
const arn = (region: string, name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;
const reader = (region: string) => createLiveAccountReader({ region, lambdaRate: Number.POSITIVE_INFINITY });
const index = () => new DynamoRoleFunctionIndex({ client: new DynamoDBClient({ region: 'us-east-1' }), tableName: 'keycard-idempotency' });

beforeEach(() => {
  aws.serve(
    account({
      roles: [
        { name: 'orders-api-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
        { name: 'other-role', attached: [BASIC_EXECUTION_ARN] },
      ],
      policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()],
      functions: [
        { name: 'orders-api', region: 'us-east-1', role: 'orders-api-role' },
        { name: 'orders-eu', region: 'eu-west-1', role: 'orders-api-role', versions: [{ version: '1' }], aliases: [{ name: 'live', version: '1' }] },
        { name: 'other-eu', region: 'eu-west-1', role: 'other-role' },
        // Not a watched region: never read.
        { name: 'orders-ap', region: 'ap-southeast-2', role: 'orders-api-role' },
      ],
    }),
    { pageSize: 2 },
  );
});

/** The regions of the clients that sent each call of `command`. */
async function regionsOf(command: typeof ListFunctionsCommand | typeof GetFunctionConfigurationCommand): Promise<string[]> {
  const calls = aws.stubs.lambda.commandCalls(command as never);
  return Promise.all(calls.map(async (call) => (call.thisValue as LambdaClient).config.region()));
}

const options = (extra: Partial<RoleChangeOptions> = {}): RoleChangeOptions => ({
  identity,
  eventName: 'AttachRolePolicy',
  retryDelaysMs: [],
  regionReaders: new Map([['eu-west-1', reader('eu-west-1')]]),
  ...extra,
});

describe('a role change across watched regions', () => {
  it('cold: lists every watched region through its own reader and merges the functions of both', async () => {
    const read = await readRoleChangeFacts(reader('us-east-1'), ['orders-api-role'], options());
    expect(read.outcome).toBe('evaluate');
    if (read.outcome !== 'evaluate') return;
    expect(read.facts.functions.map((fn) => [fn.arn, fn.region]).sort()).toEqual([
      [arn('eu-west-1', 'orders-eu'), 'eu-west-1'],
      [arn('us-east-1', 'orders-api'), 'us-east-1'],
    ]);
    expect(read.regions).toEqual(['eu-west-1', 'us-east-1']);
    // Judged once, as the stack's region, with the role once.
    expect(read.facts.region).toBe('us-east-1');
    expect([...read.facts.roles.keys()]).toEqual([ROLE]);
    expect((await regionsOf(ListFunctionsCommand)).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(read.found).toMatch(/listed the functions of eu-west-1, us-east-1: no role index/);
  });

  it('warm: reads each indexed function (an alias too) through its region, skips unwatched regions, removes a stale entry', async () => {
    await index().add([
      { roleArn: ROLE, functionArn: arn('us-east-1', 'orders-api') },
      { roleArn: ROLE, functionArn: arn('eu-west-1', 'orders-eu') },
      { roleArn: ROLE, functionArn: `${arn('eu-west-1', 'orders-eu')}:live` },
      { roleArn: ROLE, functionArn: arn('eu-west-1', 'deleted-since') },
      { roleArn: ROLE, functionArn: arn('ap-southeast-2', 'orders-ap') },
    ]);
    await index().markComplete(new Date(), 'audit-1', ['eu-west-1', 'us-east-1']);
    const read = await readRoleChangeFacts(reader('us-east-1'), ['orders-api-role'], options({ index: index() }));
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(read.outcome).toBe('evaluate');
    if (read.outcome !== 'evaluate') return;
    expect(read.facts.functions.map((fn) => fn.arn).sort()).toEqual([
      arn('eu-west-1', 'orders-eu'),
      `${arn('eu-west-1', 'orders-eu')}:live`,
      arn('us-east-1', 'orders-api'),
    ]);
    const calls = aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => String(c.args[0].input.FunctionName));
    const regions = await regionsOf(GetFunctionConfigurationCommand);
    const byRegion = calls.map((name, i) => `${regions[i]} ${name}`);
    expect(byRegion).toEqual(expect.arrayContaining(['us-east-1 orders-api', 'eu-west-1 orders-eu', 'eu-west-1 orders-eu:live', 'eu-west-1 deleted-since']));
    expect(byRegion.filter((c) => c.startsWith('ap-southeast-2') || c.endsWith('orders-ap'))).toEqual([]);
    const entries = aws.table.get(roleIndexKey(ROLE))?.['functions']?.SS ?? [];
    expect(entries).not.toContain(arn('eu-west-1', 'deleted-since'));
    expect(entries).toContain(arn('ap-southeast-2', 'orders-ap'));
  });

  it('lists when the audit that vouches for the index did not list every watched region', async () => {
    await index().add([{ roleArn: ROLE, functionArn: arn('us-east-1', 'orders-api') }]);
    await index().markComplete(new Date(), 'audit-1', ['us-east-1']);
    const read = await readRoleChangeFacts(reader('us-east-1'), ['orders-api-role'], options({ index: index() }));
    expect(read.found).toMatch(/the last complete audit did not list eu-west-1/);
    expect(read.outcome === 'evaluate' ? read.facts.functions.map((fn) => fn.name).sort() : read).toEqual(['orders-api', 'orders-eu']);
    // What the listing found is written to the index for later parts.
    expect(aws.table.get(roleIndexKey(ROLE))?.['functions']?.SS).toContain(arn('eu-west-1', 'orders-eu'));
  });

  it('a region that cannot be listed is one gap naming it; the other region is still read', async () => {
    aws.fail(
      'lambda:ListFunctions',
      lambdaError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/keycard-role/keycard is not authorized to perform: lambda:ListFunctions with an explicit deny in a service control policy`),
      (_, region) => region === 'eu-west-1',
    );
    const read = await readRoleChangeFacts(reader('us-east-1'), ['orders-api-role'], options());
    expect(read.outcome).toBe('evaluate');
    if (read.outcome !== 'evaluate') return;
    expect(read.facts.functions.map((fn) => fn.arn)).toEqual([arn('us-east-1', 'orders-api')]);
    expect(read.facts.incomplete).toEqual([
      expect.objectContaining({ what: expect.stringMatching(/^the functions of region eu-west-1 /), cause: 'denied', reason: expect.stringMatching(/WatchedRegions/) }),
    ]);
  });

  it('warm: a region whose indexed functions cannot be read is a gap; the other region is still read', async () => {
    await index().add([
      { roleArn: ROLE, functionArn: arn('us-east-1', 'orders-api') },
      { roleArn: ROLE, functionArn: arn('eu-west-1', 'orders-eu') },
    ]);
    await index().markComplete(new Date(), 'audit-1', ['eu-west-1', 'us-east-1']);
    aws.fail('lambda:GetFunctionConfiguration', lambdaError('AccessDeniedException', 'explicit deny in a service control policy'), (_, region) => region === 'eu-west-1');
    const read = await readRoleChangeFacts(reader('us-east-1'), ['orders-api-role'], options({ index: index() }));
    expect(read.outcome).toBe('evaluate');
    if (read.outcome !== 'evaluate') return;
    expect(read.facts.functions.map((fn) => fn.arn)).toEqual([arn('us-east-1', 'orders-api')]);
    expect(read.facts.incomplete).toEqual([expect.objectContaining({ what: expect.stringMatching(/^the functions of region eu-west-1 /), cause: 'denied' })]);
    // Not read is not stale: the entry stays.
    expect(aws.table.get(roleIndexKey(ROLE))?.['functions']?.SS).toContain(arn('eu-west-1', 'orders-eu'));
  });

  it('reports the gap even when the readable regions hold none of the role\'s functions', async () => {
    aws.fail('lambda:ListFunctions', lambdaError('AccessDeniedException', 'explicit deny in a service control policy'), (_, region) => region === 'eu-west-1');
    const read = await readRoleChangeFacts(reader('us-east-1'), ['other-role'], options());
    expect(read).toMatchObject({ outcome: 'evaluate', facts: { functions: [], incomplete: [expect.objectContaining({ cause: 'denied' })] } });
  });
});

describe('a role change continued from a cursor written before regions', () => {
  it('reads `<role> <name>` as the stack\'s region, so the next part neither repeats nor skips', async () => {
    const read = await readRoleChangeFacts(reader('us-east-1'), ['orders-api-role'], options({
      regionReaders: new Map(),
      chunkSize: 1,
      resume: { part: 1, startAfter: `${ROLE.toLowerCase()} orders-api`, reportedRoles: [], trustIndex: false },
    }));
    // orders-api (us-east-1) was the only function then; nothing remains after it.
    expect(read).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/^part 2: no further function runs with orders-api-role/) });
  });
});
