import { IAMClient, GetRoleCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';
import { RateLimiter } from '../../../shared/account/live/RateLimiter.ts';
import { loadFixture } from './loadFixture.ts';

/** The most calls that fall in any one-second window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0; start < sorted.length; start++) {
    let end = start;
    while (end < sorted.length && (sorted[end] as number) < (sorted[start] as number) + 1000) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-29T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RateLimiter', () => {
  it.each([10, 5, 2.5, 15])('lets at most %s acquisitions through in any second', async (rate) => {
    const limiter = new RateLimiter(rate);
    const times: number[] = [];
    const total = Math.ceil(rate * 3) + 1;
    const done = Promise.all(Array.from({ length: total }, () => limiter.acquire().then(() => times.push(Date.now()))));

    await vi.advanceTimersByTimeAsync(5_000);
    await done;

    expect(times).toHaveLength(total);
    expect(busiestSecond(times)).toBeLessThanOrEqual(Math.ceil(rate));
    // And it does not wait longer than the budget needs: evenly spaced from the first call.
    expect((times.at(-1) as number) - (times[0] as number)).toBeLessThanOrEqual(Math.ceil(((total - 1) * 1000) / rate));
  });

  it('does not delay a call when the budget has room', async () => {
    const limiter = new RateLimiter(10);
    await limiter.acquire();
    vi.advanceTimersByTime(1_000);
    const before = Date.now();

    await limiter.acquire();

    expect(Date.now()).toBe(before);
  });

  it('halves its rate on throttling (once per interval), down to a floor, and recovers while calls are accepted', async () => {
    const limiter = new RateLimiter(10, { minRatePerSecond: 1, increasePerSecond: 1 });
    limiter.throttled();
    limiter.throttled(); // the same burst: one signal
    expect(limiter.currentRate).toBe(5);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1_000);
      limiter.throttled();
    }
    expect(limiter.currentRate).toBe(1);

    // Accepted calls at the current pace for 4 simulated seconds: about +1 req/s per second.
    const start = Date.now();
    while (Date.now() - start < 4_000) {
      const acquired = limiter.acquire();
      await vi.advanceTimersByTimeAsync(1000 / limiter.currentRate);
      await acquired;
      limiter.accepted();
    }
    expect(limiter.currentRate).toBeGreaterThan(3);
    expect(limiter.currentRate).toBeLessThan(6);
    for (let i = 0; i < 1_000; i++) limiter.accepted();
    expect(limiter.currentRate).toBe(10);
  });

  it('spaces calls at the lowered rate after throttling', async () => {
    const limiter = new RateLimiter(10);
    await limiter.acquire();
    limiter.throttled();
    const times: number[] = [];
    const done = Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => times.push(Date.now()))));
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    expect(busiestSecond(times)).toBeLessThanOrEqual(5);
  });

  it.each([0, -1, Number.NaN])('refuses a rate of %s', (rate) => {
    expect(() => new RateLimiter(rate)).toThrow(RangeError);
  });
});

describe('LiveAccountReader rate budget', () => {
  const region = 'us-east-1';
  const iam = new IAMClient({ region });
  const lambda = new LambdaClient({ region });
  const sts = new STSClient({ region });
  const lambdaMock = mockClient(lambda);
  const iamMock = mockClient(iam);
  mockClient(sts);

  it('sends Lambda calls at the configured rate (default 10/s) and counts each', async () => {
    const times: number[] = [];
    lambdaMock.on(GetPolicyCommand).callsFake(() => {
      times.push(Date.now());
      return loadFixture('lambda/get-policy.json');
    });
    const reader = createLiveAccountReader({ clients: { iam, lambda, sts } });

    const reads = Promise.all(Array.from({ length: 35 }, () => reader.getResourcePolicy('orders-api')));
    await vi.advanceTimersByTimeAsync(999);
    const sentInFirstSecond = times.length;
    await vi.advanceTimersByTimeAsync(10_000);
    await reads;

    expect(sentInFirstSecond).toBe(10);
    expect(busiestSecond(times)).toBeLessThanOrEqual(10);
    expect(reader.callCounts()).toEqual({ 'lambda:GetPolicy': 35 });
  });

  it('honours a configured lambdaRate', async () => {
    const times: number[] = [];
    lambdaMock.on(GetPolicyCommand).callsFake(() => {
      times.push(Date.now());
      return loadFixture('lambda/get-policy.json');
    });
    const reader = createLiveAccountReader({ clients: { iam, lambda, sts }, lambdaRate: 4 });

    const reads = Promise.all(Array.from({ length: 12 }, () => reader.getResourcePolicy('orders-api')));
    await vi.advanceTimersByTimeAsync(10_000);
    await reads;

    expect(busiestSecond(times)).toBe(4);
  });

  it('does not throttle IAM calls', async () => {
    const times: number[] = [];
    iamMock.on(GetRoleCommand).callsFake(() => {
      times.push(Date.now());
      return loadFixture('iam/get-role.json');
    });
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
    const reader = createLiveAccountReader({ clients: { iam, lambda, sts } });

    await Promise.all(Array.from({ length: 30 }, () => reader.getRole('orders-api-role')));

    expect(times).toHaveLength(30);
    expect(new Set(times).size).toBe(1);
  });
});
