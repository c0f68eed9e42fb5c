/**
 * handleChangeEvent with injected dependencies (live reader over mocked AWS): what is ignored,
 * what a denied read becomes, and that Keycard's own changes are re-evaluated but not acted on.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AttachRolePolicyCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import type { EventBridgeCloudTrailEvent } from '../../shared/events/types.ts';
import { handleChangeEvent } from '../../shared/pipeline/handleChangeEvent.ts';
import type { ChangeEventDeps } from '../../shared/pipeline/handleChangeEvent.ts';
import { readHandlerConfig } from '../../shared/pipeline/HandlerConfig.ts';
import { account, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { createAwsMock, iamAccessDenied } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const OWN = 'arn:aws:iam::111122223333:role/keycard-OnRoleChangeRole-1A2B3C4D5E6F';
const event = (file: string): EventBridgeCloudTrailEvent => JSON.parse(readFileSync(new URL(`../../events/${file}`, import.meta.url), 'utf8'));

let logged: string[];
function deps(env: Record<string, string> = {}): ChangeEventDeps {
  return {
    reader: createLiveAccountReader({ region: 'us-east-1', lambdaRate: Number.POSITIVE_INFINITY }),
    iam: new IAMClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    eventBridge: new EventBridgeClient({ region: 'us-east-1' }),
    config: readHandlerConfig({ FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings', IDEMPOTENCY_TABLE_NAME: 't', OWN_ROLE_ARNS: OWN, ...env }),
    log: (message) => logged.push(message),
    retryDelaysMs: [],
  };
}

beforeEach(() => {
  logged = [];
  aws.serve(
    account({
      roles: [{ name: 'orders-api-role', inline: { data: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } } }],
      policies: [BASIC_EXECUTION_POLICY()],
      functions: [{ name: 'orders-api', role: 'orders-api-role' }],
    }),
  );
});

describe('handleChangeEvent', () => {
  it('ignores a call that failed (errorCode): nothing changed, nothing is read', async () => {
    const failed = event('AttachRolePolicy.json');
    failed.detail.errorCode = 'AccessDenied';
    const result = await handleChangeEvent(failed, deps());
    expect(result).toMatchObject({ outcome: 'ignored', reason: expect.stringMatching(/failed \(AccessDenied\)/) });
    expect(aws.calls()).toEqual({});
  });

  it('turns a denied ListEntitiesForPolicy into evaluation-incomplete for the policy', async () => {
    aws.fail('iam:ListEntitiesForPolicy', iamAccessDenied('iam:ListEntitiesForPolicy', 'arn:aws:iam::111122223333:policy/orders-data-access'));
    const result = await handleChangeEvent(event('CreatePolicyVersion.json'), deps());
    expect(result).toMatchObject({ outcome: 'evaluated', summary: { byCheck: { 'evaluation-incomplete': 1 } } });
    expect(sentAlerts(aws)[0]?.checkIds).toEqual(['evaluation-incomplete']);
    expect(JSON.stringify(sentFindingEvents(aws))).toContain('policy arn:aws:iam::111122223333:policy/orders-data-access');
  });

  it('lets any other read failure through, so the event is retried then dead-lettered', async () => {
    aws.fail('iam:GetRole', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    await expect(handleChangeEvent(event('AttachRolePolicy.json'), deps())).rejects.toThrow(/GetRole orders-api-role: read failed \(TimeoutError: socket hang up\)/);
    expect(sentAlerts(aws)).toHaveLength(0);
  });

  it("re-evaluates Keycard's own change but neither remediates nor alerts", async () => {
    const own = event('DetachRolePolicy.json');
    own.detail.userIdentity = { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/keycard-OnRoleChangeRole-1A2B3C4D5E6F/x', sessionContext: { sessionIssuer: { type: 'Role', arn: OWN } } };
    const result = await handleChangeEvent(own, deps({ REMEDIATION_MODE: 'remediate' }));
    expect(result).toMatchObject({ outcome: 'evaluated', ownChange: true, remediations: [], alert: { sent: false } });
    expect(result.outcome === 'evaluated' && result.summary.byCheck['missing-log-permissions']).toBe(1);
    expect(aws.stubs.iam.commandCalls(GetRoleCommand)).toHaveLength(1);
    expect(aws.stubs.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
    expect(logged).toContain("re-evaluated Keycard's own change");
  });

  it('sends nothing when the evaluation finds nothing', async () => {
    aws.serve(account({ roles: [{ name: 'orders-api-role', attached: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] }], policies: [BASIC_EXECUTION_POLICY()], functions: [{ name: 'orders-api', role: 'orders-api-role' }] }));
    const result = await handleChangeEvent(event('AttachRolePolicy.json'), deps());
    expect(result).toMatchObject({ outcome: 'evaluated', alert: { sent: false, reason: 'no findings' } });
    expect(aws.calls()['events:PutEvents']).toBeUndefined();
    expect(sentAlerts(aws)).toHaveLength(0);
  });
});
