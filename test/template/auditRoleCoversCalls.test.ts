/**
 * The audit role of template.yaml must allow every read the real audit handler makes, on the real
 * resource: with aliases and versions (AuditQualifiers=aliases, the default) in every enabled region
 * (WatchedRegions=all), in bulk and for named functions. The calls are not listed by hand:
 * aws-sdk-client-mock records every Command the handler sends (with its client's region), and
 * Keycard's own evaluator answers for the role's policies as the template resolves them.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext } from '../support/handlerHarness.ts';
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

/** A public function URL's permission (so the URL configs are read too). */
const publicUrlOn = (arn: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: arn, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }],
});

let sent: Call[];
beforeAll(async () => {
  vi.restoreAllMocks();
  captureLogs();
  aws.serve(
    account({
      roles: [
        { name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] },
        { name: 'old-admin-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
      ],
      policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()],
      functions: [
        {
          name: 'orders-api',
          role: 'orders-api-role',
          versions: [{ version: '1', role: 'old-admin-role' }, { version: '2' }],
          aliases: [{ name: 'live', version: '1', resourcePolicy: publicUrlOn(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-api:live`) }],
          urls: [{ authType: 'NONE', qualifier: 'live' }],
        },
      ],
    }),
  );
  regionsMock.on(ListRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED' }, { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }] });
  const handler = await importHandler('audit', { AUDIT_API_RATE: '1000000', WATCHED_REGIONS: 'all' });
  const whole = await handler({}, lambdaContext('audit', () => 600_000));
  expect(whole.status).toBe('complete');
  const named = await handler({ functions: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-api`, 'orders-api'] }, lambdaContext('audit', () => 600_000));
  expect(named.status).toBe('complete');
  sent = await readsSent(aws, regionsMock);
});

describe('the audit role (WatchedRegions=all, AuditQualifiers=aliases)', () => {
  it('was checked against the reads of both regions, aliases and versions included (the recording is not empty)', () => {
    const resources = new Set(sent.map((c) => c.resource));
    for (const region of ['us-east-1', 'eu-west-1']) {
      expect(resources).toContain(`arn:aws:lambda:${region}:${ACCOUNT}:function:orders-api:live`);
      expect(resources).toContain(`arn:aws:lambda:${region}:${ACCOUNT}:function:orders-api:1`);
    }
    expect([...new Set(sent.map((c) => c.action))]).toEqual(
      expect.arrayContaining(['account:ListRegions', 'iam:GetAccountAuthorizationDetails', 'lambda:ListAliases', 'lambda:GetPolicy', 'lambda:ListFunctionUrlConfigs', 'lambda:ListVersionsByFunction', 'lambda:GetFunctionConfiguration']),
    );
  });

  itAllowsEveryReadSent('AuditRole', () => sent);
});
