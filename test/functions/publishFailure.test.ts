/**
 * SNS keeps failing: the REAL SNS client (not aws-sdk-client-mock, which would bypass the SDK's
 * retry middleware) sends every attempt to an HTTP-level fake that answers 500 InternalError, so
 * the SDK's own retries are counted. Then the handler must throw, releasing its idempotency claim,
 * so EventBridge's retries and the dead-letter queue keep the event: nothing is lost.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PUBLISHER_CLIENT_CONFIG } from '../../shared/alerts/publisherClientConfig.ts';
import { account, ADMIN_ARN, ADMIN_POLICY } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import type { LogLine } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock({ sns: false });
afterAll(() => aws.restore());

const SNS_INTERNAL_ERROR = `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <Error><Type>Receiver</Type><Code>InternalError</Code><Message>An internal error has occurred.</Message></Error>
  <RequestId>4e6d2a9f-6c0b-5b7e-9a43-2c1f0e8d7b65</RequestId>
</ErrorResponse>`;

interface SeenRequest {
  hostname: string;
  action: string | null;
}

let logs: { lines: LogLine[] };
let seen: SeenRequest[];
beforeEach(() => {
  vi.restoreAllMocks();
  logs = captureLogs();
  seen = [];
  vi.spyOn(NodeHttpHandler.prototype, 'handle').mockImplementation(async (request) => {
    seen.push({ hostname: request.hostname, action: new URLSearchParams(typeof request.body === 'string' ? request.body : '').get('Action') });
    return {
      response: {
        statusCode: 500,
        reason: 'Internal Server Error',
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': '4e6d2a9f-6c0b-5b7e-9a43-2c1f0e8d7b65' },
        body: Readable.from([Buffer.from(SNS_INTERNAL_ERROR)]),
      },
    } as never;
  });
  aws.serve(
    account({
      roles: [{ name: 'orders-api-role', attached: [ADMIN_ARN] }],
      policies: [ADMIN_POLICY()],
      functions: [{ name: 'orders-api', role: 'orders-api-role' }],
    }),
  );
});

describe('SNS publish failure', () => {
  it('is retried by the SDK, then fails the invocation so the event is retried and dead-lettered', async () => {
    const handler = await importHandler('on-role-change');
    const event = sampleEvent('AttachRolePolicy.json');

    const error = await handler(event, lambdaContext('on-role-change')).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.name).toBe('AlertPublishError');
    expect(error?.message).toMatch(/after 5 attempts \(InternalError(Exception)?\)/);
    // Every attempt went to SNS (the only client not mocked), as a Publish; the SDK made maxAttempts.
    expect(seen.length).toBe(PUBLISHER_CLIENT_CONFIG.maxAttempts);
    expect(seen.every((r) => r.hostname === 'sns.us-east-1.amazonaws.com' && r.action === 'Publish')).toBe(true);
    // Finding events went out first; the failure is logged with the event id and counted.
    expect(sentFindingEvents(aws).map((e) => e.checkId)).toContain('admin-access');
    expect(logs.lines.find((l) => l.level === 'ERROR')).toMatchObject({ eventId: event.detail.eventID, message: expect.stringMatching(/retried, then dead-lettered/) });
    // The handler's claim is released, so EventBridge's retry is handled in full; only what was
    // decided about remediation stays, so the retry reports the same outcome.
    expect([...aws.idempotencyTable.keys()]).toEqual([expect.stringMatching(/^keycard-on-role-change\.remediate#/)]);
  });
});
