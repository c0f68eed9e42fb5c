/**
 * The on-role-change role of template.yaml must allow every read the real handler makes when a role
 * serves functions in several watched regions (WatchedRegions=all): the enabled regions, the role, and
 * each function read in its own region, from the role index (an alias included) and from a listing.
 * The calls are recorded by aws-sdk-client-mock, not listed by hand; Keycard's evaluator answers.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoRoleFunctionIndex } from '../../shared/pipeline/DynamoRoleFunctionIndex.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { itAllowsEveryReadSent, readsSent } from './readsSent.ts';
import type { Call } from './readsSent.ts';

const ACCOUNT = '111122223333';
const aws = createAwsMock();
const regionsMock = mockClient(AccountClient);
afterAll(() => {
  aws.restore();
  regionsMock.restore();
});
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
const arnOf = (region: string, name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;

let sent: Call[];
beforeAll(async () => {
  vi.restoreAllMocks();
  captureLogs();
  aws.serve(
    account({
      roles: [{ name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] }],
      policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()],
      functions: [
        { name: 'orders-api', region: 'us-east-1', role: 'orders-api-role' },
        { name: 'orders-eu', region: 'eu-west-1', role: 'orders-api-role', versions: [{ version: '1' }], aliases: [{ name: 'live', version: '1' }] },
      ],
    }),
  );
  regionsMock.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED' }, { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }] });
  const handler = await importHandler('on-role-change', { AUDIT_API_RATE: '1000000', WATCHED_REGIONS: 'all' });
  // Cold: listing both regions.
  expect((await handler(sampleEvent('AttachRolePolicy.json'), lambdaContext('on-role-change'))).outcome).toBe('evaluated');
  // Warm: the index names both functions and the alias.
  const index = new DynamoRoleFunctionIndex({ client: new DynamoDBClient({ region: 'us-east-1' }), tableName: 'keycard-idempotency' });
  await index.add([`${arnOf('eu-west-1', 'orders-eu')}:live`, arnOf('eu-west-1', 'orders-eu'), arnOf('us-east-1', 'orders-api')].map((functionArn) => ({ roleArn: ROLE, functionArn })));
  await index.markComplete(new Date(), 'audit-1', ['eu-west-1', 'us-east-1']);
  const event = sampleEvent('AttachRolePolicy.json');
  event.detail.eventID = 'c1d2e3f4-0000-4000-8000-000000000001';
  expect((await handler(event, lambdaContext('on-role-change'))).outcome).toBe('evaluated');
  sent = await readsSent(aws, regionsMock);
});

describe('the on-role-change role (WatchedRegions=all)', () => {
  it('was checked against the reads of both regions (the recording is not empty)', () => {
    const resources = new Set(sent.map((c) => c.resource));
    expect(resources).toContain(arnOf('eu-west-1', 'orders-eu'));
    expect(resources).toContain(`${arnOf('eu-west-1', 'orders-eu')}:live`);
    expect(resources).toContain(arnOf('us-east-1', 'orders-api'));
    expect([...new Set(sent.map((c) => c.action))]).toEqual(
      expect.arrayContaining(['account:ListRegions', 'iam:GetRole', 'lambda:ListFunctions', 'lambda:GetFunctionConfiguration', 'lambda:GetPolicy']),
    );
  });

  itAllowsEveryReadSent('OnRoleChangeRole', () => sent);
});
