/**
 * The account's Lambda quota, shared with other work, simulated at 5 and 2 requests/s: a fake
 * Lambda endpoint answers 429 TooManyRequestsException beyond that rate (a one-second token bucket on
 * a fake clock). The real SDK stack runs (retry middleware, TimeBoundRetryStrategy), as do the
 * reader's AIMD rate limiter and call ledger. No wall-clock waits: vitest's fake timers move time.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients } from '../../../shared/account/live/createAwsClients.ts';
import { LiveAccountReader } from '../../../shared/account/live/LiveAccountReader.ts';
import { readFunctionLocks } from '../../../shared/account/readAccountRecords.ts';
import type { FunctionConfigurationRecord } from '../../../shared/account/records.ts';
import { evaluateAccount } from '../../../shared/engine/evaluateAccount.ts';
import { filterBySeverity } from '../../../shared/engine/filterBySeverity.ts';
import { toAccountFacts } from '../../../shared/facts/toAccountFacts.ts';
import { fixtureText } from './loadFixture.ts';

const credentials = { accessKeyId: 'AKIAKEYCARDTEST', secretAccessKey: 'secret' };
const FUNCTIONS = 120;
/** How long one read may keep retrying in this scenario. */
const RETRY_BUDGET_MS = 20_000;

/** Lambda with `quota` requests/s for Keycard: beyond it, 429 as Lambda answers. */
function quotaLimitedLambda(quota: number) {
  let tokens = quota;
  let refilledAt = Date.now();
  const answered = { ok: 0, throttled: 0 };
  const requestHandler = {
    async handle() {
      const now = Date.now();
      tokens = Math.min(quota, tokens + ((now - refilledAt) / 1000) * quota);
      refilledAt = now;
      const allowed = tokens >= 1;
      if (allowed) tokens -= 1;
      answered[allowed ? 'ok' : 'throttled'] += 1;
      const [status, headers, body] = allowed
        ? [200, { 'content-type': 'application/json' }, fixtureText('lambda/get-policy.json')]
        : [429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }, JSON.stringify({ Reason: 'CallerRateLimitExceeded', Type: 'User', message: 'Rate exceeded' })];
      return { response: { statusCode: status, reason: undefined, headers: { 'x-amzn-requestid': 'req', ...headers }, body: Readable.from([Buffer.from(body)]) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
  return { requestHandler, answered };
}

const functions: FunctionConfigurationRecord[] = Array.from({ length: FUNCTIONS }, (_, i) => ({
  FunctionName: `fn-${String(i).padStart(3, '0')}`,
  FunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:fn-${String(i).padStart(3, '0')}`,
  Role: 'arn:aws:iam::111122223333:role/fn-role',
}));

async function readLocksAt(quota: number, budgetMs = RETRY_BUDGET_MS) {
  const lambda = quotaLimitedLambda(quota);
  const clients = createAwsClients({ region: 'us-east-1', credentials, requestHandler: lambda.requestHandler, retry: { budgetMs, random: () => 0.5 } });
  const reader = new LiveAccountReader({ clients });
  let settled = false;
  const reading = readFunctionLocks(reader, functions).finally(() => {
    settled = true;
  });
  const startedAt = Date.now();
  while (!settled) await vi.advanceTimersByTimeAsync(100);
  const locks = await reading;
  return { locks, stats: reader.callStats(), answered: lambda.answered, seconds: (Date.now() - startedAt) / 1000 };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-06T06:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('reads under a throttled Lambda quota', () => {
  it('at 5 requests/s: slows down, retries, and reads every resource policy (no gap)', async () => {
    const { locks, stats, answered } = await readLocksAt(5);

    expect(locks.problems).toEqual([]);
    expect(locks.resourcePolicies.size).toBe(FUNCTIONS);
    // Keycard started at 10/s, was throttled, and backed off rather than hammering the quota.
    expect(stats.throttles).toBeGreaterThan(0);
    expect(stats.retries).toBe(stats.throttles);
    expect(answered.throttled).toBeLessThan(FUNCTIONS / 2);
  });

  it('at 2 requests/s: backs off to the quota and still reads everything, only slower', async () => {
    const { locks, stats, seconds } = await readLocksAt(2);

    expect(locks.problems).toEqual([]);
    expect(stats.throttles).toBeGreaterThan(0);
    // About the quota's pace (120 reads at 2/s = 60 s), not a retry storm.
    expect(seconds).toBeGreaterThan(55);
    expect(seconds).toBeLessThan(120);
  });

  it('at 2 requests/s with little retry time left: what could not be read is reported as throttled, shown by default', async () => {
    const { locks } = await readLocksAt(2, 3_000);

    expect(locks.problems.length).toBeGreaterThan(0);
    expect(locks.problems.length).toBeLessThan(FUNCTIONS);
    expect(locks.problems.every((p) => p.cause === 'throttled' && /^throttled/.test(p.reason))).toBe(true);

    const records = { roles: [], managedPolicies: new Map(), functions, eventSourceMappings: [], ...locks };
    const result = evaluateAccount(toAccountFacts({ accountId: '111122223333', region: 'us-east-1', partition: 'aws' }, records), { trustedAccountIds: [] });
    const shown = filterBySeverity(result, 'low').findings.filter((f) => f.checkId === 'evaluation-incomplete' && f.door === 'resource-policy');
    expect(shown).toHaveLength(locks.problems.length);
    expect(shown.every((f) => f.severity === 'medium' && /throttled/.test(f.detail))).toBe(true);
  });
});
