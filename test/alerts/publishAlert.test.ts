import { Readable } from 'node:stream';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlertPublishError } from '../../shared/alerts/errors.ts';
import { publishAlert } from '../../shared/alerts/publishAlert.ts';
import { PUBLISHER_CLIENT_CONFIG } from '../../shared/alerts/publisherClientConfig.ts';
import { renderAlert } from '../../shared/alerts/renderAlert.ts';
import { FINDINGS, TRIGGER } from './loadFixtures.ts';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:keycard-findings';
const rendered = renderAlert({ findings: FINDINGS, trigger: TRIGGER, region: 'us-east-1', accountId: '111122223333' });

describe('publishAlert (mocked SNS)', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());
  afterEach(() => sns.restore());

  it('publishes one text message with the filterable attributes by default (String structure: attributes are delivered)', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await publishAlert(new SNSClient({ region: 'us-east-1' }), TOPIC, rendered);
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toEqual({ TopicArn: TOPIC, Subject: rendered.subject, Message: rendered.text, MessageAttributes: rendered.messageAttributes });
    expect(input.MessageStructure).toBeUndefined();
  });

  it('publishes one message per protocol when asked: JSON structure with text for email and JSON for every machine protocol', async () => {
    sns.on(PublishCommand).resolves({ MessageId: '5e7f1c2a-0d1b-5b7c-9a3e-1f2d3c4b5a69' });
    const res = await publishAlert(new SNSClient({ region: 'us-east-1' }), TOPIC, rendered, 'per-protocol');
    expect(res).toEqual({ messageId: '5e7f1c2a-0d1b-5b7c-9a3e-1f2d3c4b5a69' });
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({ TopicArn: TOPIC, Subject: rendered.subject, MessageStructure: 'json', MessageAttributes: rendered.messageAttributes });
    const message = JSON.parse(input.Message ?? '') as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'sms']);
    expect(message['email']).toBe(rendered.text);
    expect(message['sms']).toBe(rendered.subject);
    expect(JSON.parse(message['default']!)).toMatchObject({ schema: 'keycard.alert/v1', findings: expect.any(Array) });
  });

  it('throws AlertPublishError with the SDK error as cause, so the invocation fails and is retried / dead-lettered', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: SNS:Publish'), { name: 'AuthorizationErrorException', $metadata: { attempts: 1 } });
    sns.on(PublishCommand).rejects(denied);
    const error = await publishAlert(new SNSClient({ region: 'us-east-1' }), TOPIC, rendered).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlertPublishError);
    expect((error as AlertPublishError).cause).toBe(denied);
    expect((error as Error).message).toMatch(/AuthorizationErrorException.*retried.*dead-letter queue/);
  });
});

describe('publishAlert retries (real SDK retry strategy, fake HTTP handler, no network)', () => {
  beforeEach(() => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // no backoff wait
  });
  afterEach(() => vi.restoreAllMocks());

  const failingHandler = () => {
    const handle = vi.fn(async () => ({
      response: {
        statusCode: 500,
        reason: 'Internal Server Error',
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-500' },
        body: Readable.from([
          Buffer.from(
            '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Receiver</Type><Code>InternalError</Code><Message>An internal service error has occurred.</Message></Error><RequestId>req-500</RequestId></ErrorResponse>',
          ),
        ]),
      },
    }));
    return { handle, updateHttpClientConfig: () => {}, httpHandlerConfigs: () => ({}) };
  };

  it(`retries a 5xx ${PUBLISHER_CLIENT_CONFIG.maxAttempts} times, then the error propagates (nothing swallowed)`, async () => {
    const handler = failingHandler();
    const sns = new SNSClient({
      ...PUBLISHER_CLIENT_CONFIG,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: handler,
    });
    const error = await publishAlert(sns, TOPIC, rendered).catch((e: unknown) => e);
    expect(handler.handle).toHaveBeenCalledTimes(PUBLISHER_CLIENT_CONFIG.maxAttempts);
    expect(error).toBeInstanceOf(AlertPublishError);
    expect((error as Error).message).toContain(`after ${PUBLISHER_CLIENT_CONFIG.maxAttempts} attempts`);
  });
});
