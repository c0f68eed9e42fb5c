/**
 * Cold start of the real handlers: configuration is read and checked when the module loads, so a
 * misconfigured stack fails on its first event, loudly, naming the variable to fix.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { account } from '../support/MockAccount.ts';
import { importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());

describe('handler cold start', () => {
  it.each(['on-role-change', 'on-function-change', 'audit'] as const)('%s loads with the template\'s environment', async (name) => {
    await expect(importHandler(name)).resolves.toBeTypeOf('function');
  });

  it.each([
    [{ FINDINGS_TOPIC_ARN: '' }, /FINDINGS_TOPIC_ARN is not set/],
    [{ IDEMPOTENCY_TABLE_NAME: ' ' }, /IDEMPOTENCY_TABLE_NAME is not set/],
    [{ REMEDIATION_MODE: 'fix-everything' }, /REMEDIATION_MODE is "fix-everything", expected one of notify, remediate/],
    [{ VISIBILITY_RETRY_DELAYS_MS: '1000,soon' }, /VISIBILITY_RETRY_DELAYS_MS is "1000,soon", expected comma-separated milliseconds/],
    [{ AUDIT_CHUNK_SIZE: '-5' }, /AUDIT_CHUNK_SIZE is "-5", expected a positive number/],
    [{ AUDIT_API_RATE: 'fast' }, /AUDIT_API_RATE is "fast"/],
  ])('refuses to start with %j', async (env, message) => {
    await expect(importHandler('on-role-change', env)).rejects.toThrow(message);
  });
});

describe('Powertools as configured by the template', () => {
  it('takes the service name from the environment and asks for the cold-start metric on every invocation', async () => {
    const printed: string[] = [];
    for (const method of ['log', 'info', 'debug', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    }
    // Powertools emits ColdStart only on the container's first call; the handler must ask each time.
    const coldStart = vi.spyOn(Metrics.prototype, 'captureColdStartMetric');
    aws.serve(account({ roles: [], policies: [], functions: [] }));
    const handler = await importHandler('on-role-change', { POWERTOOLS_SERVICE_NAME: 'keycard-test', POWERTOOLS_METRICS_NAMESPACE: 'KeycardTest' });
    await handler(sampleEvent('AttachRolePolicy.json'), lambdaContext('on-role-change'));
    vi.restoreAllMocks();

    expect(coldStart).toHaveBeenCalledWith('keycard-on-role-change');
    const logLine = printed.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => typeof l['message'] === 'string');
    expect(logLine?.['service']).toBe('keycard-test');
  });
});
