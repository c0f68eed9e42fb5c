/**
 * One stack, every region: a Lambda event forwarded from another region (templates/lambda-event-forwarder.yaml)
 * keeps its `region`, and the real on-function-change handler reads the function there.
 */
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());

beforeEach(() => {
  vi.restoreAllMocks();
  captureLogs();
  aws.serve(
    account({
      region: 'eu-west-1',
      roles: [{ name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] }],
      policies: [BASIC_EXECUTION_POLICY()],
      functions: [
        {
          name: 'orders-api',
          role: 'orders-api-role',
          resourcePolicy: {
            Version: '2012-10-17',
            Statement: [{ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:orders-api' }],
          },
        },
      ],
    }),
  );
});

/** The region of the client each call was sent with. */
async function regionsOfCalls(): Promise<string[]> {
  const calls = aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand);
  return Promise.all(calls.map(async (call) => (call.thisValue as LambdaClient).config.region()));
}

describe('on-function-change across regions', () => {
  it('reads a forwarded eu-west-1 event in eu-west-1, though the stack runs in us-east-1', async () => {
    const event = sampleEvent('AddPermission20150331v2.json');
    event.region = 'eu-west-1';
    event.detail.awsRegion = 'eu-west-1';
    const handler = await importHandler('on-function-change');
    const result = await handler(event, lambdaContext('on-function-change'));
    expect(result.outcome).toBe('evaluated');
    expect(await regionsOfCalls()).toEqual(['eu-west-1']);
    // Judged and labelled in the function's region, not the stack's.
    const [alert] = sentAlerts(aws);
    expect(alert!.input.MessageAttributes?.['region']?.StringValue).toBe('eu-west-1');
    expect(alert!.email).toContain('(eu-west-1)');
    const events = sentFindingEvents(aws).map((f) => JSON.parse(f.entry.Detail ?? '{}') as { region: string; resourceArn: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((f) => f.region)).toEqual(events.map(() => 'eu-west-1'));
    expect(sentFindingEvents(aws).every((f) => f.resourceArn.startsWith('arn:aws:lambda:eu-west-1:'))).toBe(true);
  });

  it('reads an event of its own region there', async () => {
    const handler = await importHandler('on-function-change');
    await handler(sampleEvent('AddPermission20150331v2.json'), lambdaContext('on-function-change'));
    expect(await regionsOfCalls()).toEqual(['us-east-1']);
  });
});
