/**
 * Events about aliases and versions (issue 11) re-evaluate that alias or version, read live over
 * mocked AWS: its own resource policy, and the role of the version it runs.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { classifyCloudTrailEvent } from '../../shared/events/classifyCloudTrailEvent.ts';
import type { EventBridgeCloudTrailEvent } from '../../shared/events/types.ts';
import { handleChangeEvent } from '../../shared/pipeline/handleChangeEvent.ts';
import type { ChangeEventDeps } from '../../shared/pipeline/handleChangeEvent.ts';
import { readHandlerConfig } from '../../shared/pipeline/HandlerConfig.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const ARN = 'arn:aws:lambda:us-east-1:111122223333:function:orders-api';
const event = (file: string): EventBridgeCloudTrailEvent => JSON.parse(readFileSync(new URL(`../../events/${file}`, import.meta.url), 'utf8'));

function deps(): ChangeEventDeps {
  return {
    reader: createLiveAccountReader({ region: 'us-east-1', lambdaRate: Number.POSITIVE_INFINITY }),
    iam: new IAMClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    eventBridge: new EventBridgeClient({ region: 'us-east-1' }),
    config: readHandlerConfig({ FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings', IDEMPOTENCY_TABLE_NAME: 't' }),
    log: () => undefined,
    retryDelaysMs: [],
  };
}

const PUBLIC = { Version: '2012-10-17', Statement: [{ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: `${ARN}:live` }] };

beforeEach(() => {
  aws.serve(
    account({
      roles: [
        { name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] },
        { name: 'orders-old-admin', attached: [BASIC_EXECUTION_ARN, ADMIN_ARN] },
      ],
      policies: [BASIC_EXECUTION_POLICY(), ADMIN_POLICY()],
      functions: [
        {
          name: 'orders-api',
          role: 'orders-api-role',
          versions: [{ version: '3' }, { version: '4', role: 'orders-old-admin' }, { version: '5' }],
          aliases: [
            { name: 'live', version: '5', weights: { '4': 0.1 }, resourcePolicy: PUBLIC },
            { name: 'beta', version: '3' },
          ],
        },
      ],
    }),
  );
});

describe('alias and version events', () => {
  it.each([
    ['CreateAlias20150331.json', 'live'],
    ['UpdateAlias20150331.json', 'live'],
    ['DeleteAlias20150331.json', 'beta'],
    ['PublishVersion20150331.json', '4'],
  ])('%s names the qualifier it changed (%s)', (file, qualifier) => {
    expect(classifyCloudTrailEvent(event(file).detail)).toMatchObject({ kind: 'function', functionName: 'orders-api', qualifier });
  });

  it('UpdateAlias re-evaluates that alias: its public policy, and the admin role of the version it routes 10% to', async () => {
    const result = await handleChangeEvent(event('UpdateAlias20150331.json'), deps());
    expect(result).toMatchObject({ outcome: 'evaluated' });
    const findings = sentFindingEvents(aws);
    expect(findings.filter((f) => f.checkId === 'public-invoke').map((f) => f.resourceArn)).toEqual([`${ARN}:live`]);
    expect(findings.find((f) => f.checkId === 'admin-access')?.functionArns).toEqual([`${ARN}:live`]);
    // Only the alias the event named is judged beside the function.
    expect(JSON.stringify(findings)).not.toContain(`${ARN}:beta`);
  });

  it('PublishVersion re-evaluates the new version with the role it was published with', async () => {
    const result = await handleChangeEvent(event('PublishVersion20150331.json'), deps());
    expect(result).toMatchObject({ outcome: 'evaluated' });
    const findings = sentFindingEvents(aws);
    expect(findings.find((f) => f.checkId === 'admin-access')?.functionArns).toEqual([`${ARN}:4`]);
    // One GetPolicy for the function, one per alias, one per kept version (5 and 3 aliased, 4 published): not every version's.
    expect(aws.calls()['lambda:ListVersionsByFunction']).toBe(1);
    expect(aws.calls()['lambda:GetPolicy']).toBe(1 + 2 + 3);
  });

  it('AddPermission without a qualifier judges the function alone, as before', async () => {
    await handleChangeEvent(event('AddPermission20150331v2.json'), deps());
    expect(aws.calls()['lambda:ListAliases']).toBeUndefined();
  });
});
