import { GetPolicyCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it, vi } from 'vitest';
import { CallLedger } from '../../../shared/account/live/CallLedger.ts';
import { createAwsClients } from '../../../shared/account/live/createAwsClients.ts';
import type { RateLimiter } from '../../../shared/account/live/RateLimiter.ts';
import { fakeAwsHttp, lambdaError, lambdaJson } from './fakeAwsHttp.ts';
import { loadFixture } from './loadFixture.ts';

const credentials = { accessKeyId: 'AKIAKEYCARDTEST', secretAccessKey: 'secret' };
const POLICY_PATH = 'GET /2015-03-31/functions/orders-api/policy';
const throttled = lambdaError(429, 'TooManyRequestsException', 'Rate exceeded');

function lambdaOver(responses: Parameters<typeof fakeAwsHttp>[0][string]) {
  const http = fakeAwsHttp({ [POLICY_PATH]: responses });
  return createAwsClients({ region: 'us-east-1', credentials, requestHandler: http.requestHandler }).lambda;
}

describe('CallLedger', () => {
  it('takes a rate-limit token for the call and again for each retry (the quota counts requests)', async () => {
    const acquire = vi.fn(async () => undefined);
    const ledger = new CallLedger();
    const throttledSeen = vi.fn();
    const accepted = vi.fn();
    const limiter = { acquire, throttled: throttledSeen, accepted } as unknown as RateLimiter;
    const client = ledger.route(lambdaOver([throttled, lambdaJson(loadFixture('lambda/get-policy.json'))]), 'lambda:GetPolicy', limiter);

    await client.send(new GetPolicyCommand({ FunctionName: 'orders-api' }));

    expect(acquire).toHaveBeenCalledTimes(2);
    // The throttled attempt slows the limiter down; the accepted one lets it recover.
    expect(throttledSeen).toHaveBeenCalledTimes(1);
    expect(accepted).toHaveBeenCalledTimes(1);
    expect(ledger.throttles()).toEqual({ 'lambda:GetPolicy': 1 });
    expect(ledger.calls()).toEqual({ 'lambda:GetPolicy': 1 });
    expect(ledger.attempts()).toEqual({ 'lambda:GetPolicy': 2 });
    expect(ledger.throttled()).toBe(1);
  });

  it('counts throttled attempts only: a retried server error is a retry, not a throttle', async () => {
    const ledger = new CallLedger();
    const client = ledger.route(
      lambdaOver([lambdaError(503, 'ServiceException', 'try again'), lambdaJson(loadFixture('lambda/get-policy.json'))]),
      'lambda:GetPolicy',
    );

    await client.send(new GetPolicyCommand({ FunctionName: 'orders-api' }));

    expect(ledger.attempts()).toEqual({ 'lambda:GetPolicy': 2 });
    expect(ledger.throttled()).toBe(0);
  });

  it('counts on a per-reader view and leaves the shared client untouched', async () => {
    const shared = lambdaOver([lambdaJson(loadFixture('lambda/get-policy.json'))]);
    const first = new CallLedger();
    const second = new CallLedger();

    await first.route(shared, 'lambda:GetPolicy').send(new GetPolicyCommand({ FunctionName: 'orders-api' }));
    await shared.send(new GetPolicyCommand({ FunctionName: 'orders-api' }));

    expect(first.calls()).toEqual({ 'lambda:GetPolicy': 1 });
    expect(first.attempts()).toEqual({ 'lambda:GetPolicy': 1 });
    expect(second.calls()).toEqual({});
    expect(Object.hasOwn(shared, 'send')).toBe(false);
  });
});
