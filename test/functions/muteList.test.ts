/**
 * The stack's mute list (MuteListParameter -> MUTE_LIST_PARAMETER): the real on-function-change
 * handler reads the SSM parameter once per invocation; a muted finding is counted, not alerted; a
 * broken list mutes nothing.
 */
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readMuteList } from '../../shared/pipeline/readMuteList.ts';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentAlerts } from '../support/published.ts';

const aws = createAwsMock();
const ssm = mockClient(SSMClient);
afterAll(() => {
  aws.restore();
  ssm.restore();
});
const context = lambdaContext('on-function-change');
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:orders-api';
const PARAMETER = '/keycard/mutes';
const PUBLIC_INVOKE = {
  Version: '2012-10-17',
  Id: 'default',
  Statement: [{ Sid: 'public', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: FUNCTION_ARN }],
};
const list = (expires: string) => JSON.stringify({ mutes: [{ checkId: 'public-invoke', arn: FUNCTION_ARN, expires, reason: 'public webhook, reviewed' }] });
const serveParameter = (value: string) => ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({ Parameter: { Name: PARAMETER, Value: value, Type: 'String' } });

beforeEach(() => {
  vi.restoreAllMocks();
  captureLogs();
  ssm.reset();
  aws.serve(
    account({
      roles: [{ name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] }],
      policies: [BASIC_EXECUTION_POLICY()],
      functions: [{ name: 'orders-api', role: 'orders-api-role', resourcePolicy: PUBLIC_INVOKE }],
    }),
  );
});

describe('on-function-change with a mute list', () => {
  it('without the parameter it alerts on the public lock and never calls SSM', async () => {
    const handler = await importHandler('on-function-change');
    await handler(sampleEvent('AddPermission20150331v2.json'), context);
    expect(sentAlerts(aws)[0]?.checkIds).toContain('public-invoke');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });

  it('a muted finding is counted and not alerted; the parameter is read once', async () => {
    serveParameter(list('2099-01-01'));
    const handler = await importHandler('on-function-change', { MUTE_LIST_PARAMETER: PARAMETER });
    const result = await handler(sampleEvent('AddPermission20150331v2.json'), context);
    expect(result.summary.muted).toBe(1);
    expect(result.summary.byCheck['public-invoke']).toBe(0);
    expect(sentAlerts(aws).flatMap((a) => a.checkIds)).not.toContain('public-invoke');
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name)).toEqual([PARAMETER]);
  });

  it.each([
    ['expired', () => serveParameter(list('2020-01-01'))],
    ['not a valid list', () => serveParameter('{"mutes": [{"checkId": "public-invoke"}]}')],
    ['missing', () => ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }))],
  ])('a mute list that is %s mutes nothing: the finding is alerted', async (_label, serve) => {
    serve();
    const handler = await importHandler('on-function-change', { MUTE_LIST_PARAMETER: PARAMETER });
    const result = await handler(sampleEvent('AddPermission20150331v2.json'), context);
    expect(result.summary.muted).toBe(0);
    expect(sentAlerts(aws)[0]?.checkIds).toContain('public-invoke');
  });
});

describe('readMuteList', () => {
  it('reads and validates the parameter, and names the parameter and the field when invalid', async () => {
    serveParameter(list('2099-01-01'));
    const client = new SSMClient({ region: 'us-east-1' });
    expect((await readMuteList(client, PARAMETER)).mutes).toHaveLength(1);
    expect(await readMuteList(client, undefined)).toEqual({ mutes: [] });
    ssm.reset();
    serveParameter('{"mutes": [{"checkId": "public-invoke", "arn": "arn:x", "expires": "soon", "reason": "r"}]}');
    const bad = await readMuteList(client, PARAMETER);
    expect(bad.mutes).toEqual([]);
    expect(bad.problem).toMatch(/^SSM parameter \/keycard\/mutes \(MuteListParameter\): mutes\[0\]\.expires: /);
  });
});
