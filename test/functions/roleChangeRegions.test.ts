/**
 * One stack watching two regions (WatchedRegions=eu-west-1 beside us-east-1): an IAM change through the
 * real on-role-change handler judges the role with its functions in both regions, each read there; a
 * change split into parts (ROLE_CHANGE_CHUNK_SIZE) across regions reports exactly what one pass does;
 * WatchedRegions=all lists the enabled regions, and says so when it cannot.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { GetPolicyCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventBridgeCloudTrailEvent } from '../../shared/events/types.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY, LOGS_INLINE } from '../support/MockAccount.ts';
import type { Doc, MockAccount, MockFunction } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock, lambdaError } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
const regionsMock = mockClient(AccountClient);
afterAll(() => {
  aws.restore();
  regionsMock.restore();
});

const ACCOUNT = '111122223333';
const EU = 'eu-west-1';
const US = 'us-east-1';
const DATA_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/orders-data-access`;
const dataPolicy = { arn: DATA_POLICY_ARN, versionId: 'v3', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] } };
const WILDCARD: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const arnOf = (region: string, name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;
const publicPolicy = (region: string, name: string): Doc => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: arnOf(region, name) }],
});
const fn = (name: string, region: string, role: string, open = false): MockFunction => ({ name, region, role, ...(open ? { resourcePolicy: publicPolicy(region, name) } : {}) });

/**
 * The policy is on role-a (admin; a1, a2 in us-east-1, a3, a4 in eu-west-1), role-b (no logs; b1 in
 * us-east-1, b2 public in eu-west-1), role-c (wildcard; 3 functions in each region, more than a part of
 * 4) and role-d (d1 in eu-west-1 only). Other roles' functions fill both regions.
 */
function twoRegions(): MockAccount {
  return account({
    roles: [
      { name: 'role-a', attached: [DATA_POLICY_ARN, ADMIN_ARN, BASIC_EXECUTION_ARN] },
      { name: 'role-b', attached: [DATA_POLICY_ARN] },
      { name: 'role-c', attached: [DATA_POLICY_ARN, BASIC_EXECUTION_ARN], inline: { wide: WILDCARD } },
      { name: 'role-d', attached: [DATA_POLICY_ARN], inline: { logs: LOGS_INLINE } },
      { name: 'other', attached: [BASIC_EXECUTION_ARN] },
    ],
    policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY(), dataPolicy],
    functions: [
      fn('a1', US, 'role-a'),
      fn('a2', US, 'role-a', true),
      fn('a3', EU, 'role-a'),
      fn('a4', EU, 'role-a', true),
      fn('b1', US, 'role-b'),
      fn('b2', EU, 'role-b', true),
      ...['c1', 'c2', 'c3'].map((n) => fn(n, US, 'role-c')),
      ...['c4', 'c5', 'c6'].map((n, i) => fn(n, EU, 'role-c', i === 1)),
      fn('d1', EU, 'role-d'),
      ...Array.from({ length: 6 }, (_, i) => fn(`z${i}`, i % 2 === 0 ? US : EU, 'other')),
    ],
  });
}

const payloadOf = (call: { args: [{ input: { Payload?: unknown } }] }): unknown => {
  const payload = call.args[0].input.Payload;
  return JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload as Uint8Array).toString('utf8'));
};
const key = (f: { checkId: string; resourceArn: string }) => `${f.checkId} ${f.resourceArn}`;
const context = lambdaContext('on-role-change');

/** `<region> <function>` of every GetPolicy sent: where each function's lock was read. */
async function locksRead(): Promise<string[]> {
  const calls = aws.stubs.lambda.commandCalls(GetPolicyCommand);
  const regions = await Promise.all(calls.map(async (call) => (call.thisValue as LambdaClient).config.region()));
  return calls.map((call, i) => `${regions[i]} ${String(call.args[0].input.FunctionName)}`).sort();
}

beforeEach(() => {
  vi.restoreAllMocks();
  captureLogs();
  regionsMock.reset();
  aws.serve(twoRegions(), { pageSize: 5 });
});

describe('on-role-change across watched regions', () => {
  it('judges each role with its functions in both regions, read and labelled in their own regions', async () => {
    const handler = await importHandler('on-role-change', { WATCHED_REGIONS: EU, AUDIT_API_RATE: '1000000' });
    const result = await handler(sampleEvent('CreatePolicyVersion.json'), context);
    expect(result.outcome).toBe('evaluated');
    expect(await locksRead()).toEqual(
      [...['a1', 'a2', 'b1', 'c1', 'c2', 'c3'].map((n) => `${US} ${n}`), ...['a3', 'a4', 'b2', 'c4', 'c5', 'c6', 'd1'].map((n) => `${EU} ${n}`)].sort(),
    );
    const findings = sentFindingEvents(aws);
    const keys = findings.map(key);
    expect(keys).toEqual(expect.arrayContaining([`public-invoke ${arnOf(EU, 'b2')}`, `public-invoke ${arnOf(US, 'a2')}`, `public-invoke ${arnOf(EU, 'a4')}`]));
    // One role, functions in two regions: judged once, with all of them.
    const admin = findings.filter((f) => f.resourceArn === `arn:aws:iam::${ACCOUNT}:role/role-a`);
    expect(admin.length).toBeGreaterThan(0);
    expect(admin[0]!.functionArns.sort()).toEqual([arnOf(EU, 'a3'), arnOf(EU, 'a4'), arnOf(US, 'a1'), arnOf(US, 'a2')]);
    expect(keys.filter((k) => k === `admin-access arn:aws:iam::${ACCOUNT}:role/role-a`)).toHaveLength(1);
    const shared = findings.find((f) => key(f) === `shared-execution-role arn:aws:iam::${ACCOUNT}:role/role-c`);
    expect(shared?.functionArns.sort()).toEqual([...['c4', 'c5', 'c6'].map((n) => arnOf(EU, n)), ...['c1', 'c2', 'c3'].map((n) => arnOf(US, n))]);
    // Each function's finding names its region; the alert names both; printed commands the function's region.
    const detailRegion = (f: (typeof findings)[number]) => (JSON.parse(f.entry.Detail ?? '{}') as { region: string }).region;
    expect(detailRegion(findings.find((f) => f.resourceArn === arnOf(EU, 'b2'))!)).toBe(EU);
    expect(detailRegion(findings.find((f) => f.resourceArn === arnOf(US, 'a2'))!)).toBe(US);
    expect(detailRegion(admin[0]!)).toBe(US);
    const [alert] = sentAlerts(aws);
    expect(alert!.input.MessageAttributes?.['region']?.StringValue).toBe(`${EU},${US}`);
    expect(alert!.email).toContain(`(${EU},${US})`);
    const b2 = findings.find((f) => key(f) === `public-invoke ${arnOf(EU, 'b2')}`)!;
    expect(b2.remediation.cli).toContain(`--region ${EU}`);
    expect(b2.remediation.cli).not.toContain(US);
  });

  it('split into parts across regions, reports exactly what one pass reports', async () => {
    const handler = await importHandler('on-role-change', { WATCHED_REGIONS: EU, ROLE_CHANGE_CHUNK_SIZE: '4', AUDIT_API_RATE: '1000000' });
    let event: unknown = sampleEvent<EventBridgeCloudTrailEvent>('CreatePolicyVersion.json');
    const cursors: string[] = [];
    for (let invocation = 1; invocation <= 10; invocation++) {
      await handler(event, context);
      const invokes = aws.stubs.lambda.commandCalls(InvokeCommand);
      if (invokes.length < invocation) break;
      event = payloadOf(invokes[invocation - 1] as never);
      cursors.push((event as { keycardRoleChange: { startAfter: string } }).keycardRoleChange.startAfter);
    }
    // In (role, region, name) order: role-a (4, both regions) | role-b (2) | role-c (4 of 6: eu-west-1's
    // three, then c1) | the rest of role-c, role-d. The cursor names the region.
    expect(cursors).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/role-a ${US} a2`,
      `arn:aws:iam::${ACCOUNT}:role/role-b ${US} b1`,
      `arn:aws:iam::${ACCOUNT}:role/role-c ${US} c1`,
    ]);
    // Every lock read once, in its own region.
    expect(await locksRead()).toEqual(
      [...['a1', 'a2', 'b1', 'c1', 'c2', 'c3'].map((n) => `${US} ${n}`), ...['a3', 'a4', 'b2', 'c4', 'c5', 'c6', 'd1'].map((n) => `${EU} ${n}`)].sort(),
    );
    const split = sentFindingEvents(aws).map(key).sort();

    aws.resetHistory();
    const whole = await importHandler('on-role-change', { WATCHED_REGIONS: EU, ROLE_CHANGE_CHUNK_SIZE: '1000', AUDIT_API_RATE: '1000000' });
    const again = sampleEvent<EventBridgeCloudTrailEvent>('CreatePolicyVersion.json');
    again.detail.eventID = 'b7c1e3a0-5f2d-4e8b-9c6a-1d2e3f4a5b6c';
    await whole(again, context);
    expect(aws.stubs.lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    const single = sentFindingEvents(aws).map(key).sort();
    expect(single).toContain(`public-invoke ${arnOf(EU, 'c5')}`);
    expect(single).toContain(`admin-access arn:aws:iam::${ACCOUNT}:role/role-a`);
    expect(split).toEqual(single);
  });

  it('a watched region that cannot be listed is one evaluation-incomplete finding naming it; the other region is judged', async () => {
    aws.fail(
      'lambda:ListFunctions',
      lambdaError('AccessDeniedException', `User: arn:aws:sts::${ACCOUNT}:assumed-role/keycard-role/keycard is not authorized to perform: lambda:ListFunctions with an explicit deny in a service control policy`),
      (_, region) => region === EU,
    );
    const handler = await importHandler('on-role-change', { WATCHED_REGIONS: EU, AUDIT_API_RATE: '1000000' });
    await handler(sampleEvent('CreatePolicyVersion.json'), context);
    const findings = sentFindingEvents(aws);
    expect(findings.map(key)).toContain(`public-invoke ${arnOf(US, 'a2')}`);
    expect(findings.some((f) => f.resourceArn.startsWith(`arn:aws:lambda:${EU}:`))).toBe(false);
    const gaps = findings.filter((f) => f.checkId === 'evaluation-incomplete' && f.detail.includes(`region ${EU}`));
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.severity).toBe('medium');
  });

  it('WatchedRegions=all: lists the enabled regions and reads the role\'s functions in each', async () => {
    regionsMock.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: EU, RegionOptStatus: 'ENABLED' }, { RegionName: US, RegionOptStatus: 'ENABLED_BY_DEFAULT' }] });
    const handler = await importHandler('on-role-change', { WATCHED_REGIONS: 'all', AUDIT_API_RATE: '1000000' });
    await handler(sampleEvent('CreatePolicyVersion.json'), context);
    expect(regionsMock.commandCalls(ListRegionsCommand)).toHaveLength(1);
    expect(sentFindingEvents(aws).map(key)).toContain(`public-invoke ${arnOf(EU, 'b2')}`);
  });

  it('WatchedRegions=all with the enabled regions unlistable: the stack\'s region, and a finding that says so', async () => {
    regionsMock.on(ListRegionsCommand).rejects(
      Object.assign(new Error(`User: arn:aws:sts::${ACCOUNT}:assumed-role/keycard-role/keycard is not authorized to perform: account:ListRegions`), {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const handler = await importHandler('on-role-change', { WATCHED_REGIONS: 'all', AUDIT_API_RATE: '1000000' });
    await handler(sampleEvent('CreatePolicyVersion.json'), context);
    const findings = sentFindingEvents(aws);
    expect(findings.map(key)).toContain(`public-invoke ${arnOf(US, 'a2')}`);
    expect(findings.some((f) => f.resourceArn.startsWith(`arn:aws:lambda:${EU}:`))).toBe(false);
    expect(findings.filter((f) => f.checkId === 'evaluation-incomplete').map((f) => f.detail).join('\n')).toMatch(/enabled regions.*WatchedRegions=all/);
  });
});
