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

  it.each([...samples])('%s is short: at most 25 lines per finding, shared context once', (_name, text) => {
    const blocks = text.split(/\n(?=\[\d+\/\d+\] )/).slice(1).map((block) => block.split('\n\n')[0]!.split('\n'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block.length).toBeLessThanOrEqual(25);
    // Header (subject, attributes, what happened, the change) and mute lines + footer: about 20 lines in all.
    expect(text.split('\n').length).toBeLessThanOrEqual(22 + 25 * blocks.length);
  });

  it('opens a remediated alert with what Keycard did, and shows the undo command instead of the fix', () => {
    const text = samples.get('missing-log-permissions-remediated.txt')!;
    expect(text).toMatch(/^Subject: \[Keycard\] FIXED MEDIUM missing-log-permissions on function orders-api\n/);
    expect(text.split('\n\n')[1]).toMatch(/^Keycard fixed missing-log-permissions on orders-api: function cannot write its\s+logs -> attached AWSLambdaBasicExecutionRole to orders-api-role -> resolved\./);
    expect(text).toContain('  Undo:\n    aws iam detach-role-policy --role-name orders-api-role --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n');
    expect(text).not.toContain('Fix:');
    expect(text).not.toContain('aws iam attach-role-policy');
  });
});
