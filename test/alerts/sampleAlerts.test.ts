import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_DIR, renderSampleAlerts } from '../../scripts/render-sample-alerts.ts';

const samples = renderSampleAlerts();

describe('docs/alerts sample emails', () => {
  it('covers admin-access, a remediated missing-log-permissions and public-invoke', () => {
    expect([...samples.keys()]).toEqual(['admin-access.txt', 'missing-log-permissions-remediated.txt', 'public-invoke.txt']);
  });

  it.each([...samples])('%s is up to date (regenerate: npx tsx scripts/render-sample-alerts.ts)', (name, text) => {
    expect(readFileSync(join(OUTPUT_DIR, name), 'utf8')).toBe(text);
  });

  it.each([
    ['admin-access.txt', /^Subject: \[Keycard\] CRITICAL admin-access on role order-processor-role \(2 functions\)/],
    ['missing-log-permissions-remediated.txt', /Remediated: attached AWSLambdaBasicExecutionRole[^]*the finding is resolved/],
    ['public-invoke.txt', /^Subject: \[Keycard\] CRITICAL public-invoke on function orders-webhook/],
  ])('%s shows what the scenario is about', (name, pattern) => {
    expect(samples.get(name)).toMatch(pattern);
  });
});
