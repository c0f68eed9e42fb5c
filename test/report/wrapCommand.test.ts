/**
 * Wrapped fix commands must run exactly as the unwrapped ones: each demo command is wrapped at several
 * widths, then both forms are run by bash with `aws` replaced by a function that prints its
 * arguments, and the argument lists compared (JSON documents compared as JSON: wrapping adds only
 * whitespace between their tokens).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { wrapCommand } from '../../shared/report/wrapCommand.ts';
import { auditDemoAccount } from '../examples/auditDemoAccount.ts';

const PRELUDE = `aws() { printf '%s\\0' "$@"; printf '\\1\\0'; }\nsleep() { :; }\n`;

/** The argument lists bash gives `aws` when it runs `script`. */
function awsCalls(script: string): unknown[][] {
  const out = execFileSync('bash', ['-c', PRELUDE + script], { encoding: 'utf8' });
  const calls: unknown[][] = [[]];
  for (const arg of out.split('\0').slice(0, -1)) {
    if (arg === '\u0001') calls.push([]);
    else calls.at(-1)!.push(/^[[{]/.test(arg) ? JSON.parse(arg) : arg);
  }
  return calls.filter((c) => c.length > 0);
}

describe('wrapCommand', async () => {
  const commands = [...new Set((await auditDemoAccount()).findings.map((f) => f.remediation.cli))];

  it('has the demo commands to work on', () => {
    expect(commands.length).toBeGreaterThanOrEqual(10);
  });

  it.each([40, 60, 80, 100])('at %i columns, bash runs every wrapped demo command exactly as printed unwrapped', (width) => {
    for (const command of commands) {
      const wrapped = wrapCommand(command, width, '        ');
      expect(awsCalls(wrapped.join('\n')), wrapped.join('\n')).toEqual(awsCalls(command));
      // Only a word that cannot be broken (an ARN, a JSON string) may run past the width.
      for (const line of wrapped.filter((l) => l.length > width)) {
        expect(line.trim().split(/[ ,{[]/).some((w) => w.length > width - 14), line).toBe(true);
      }
    }
  });

  it('wraps comments as comments, and breaks JSON only between its tokens', () => {
    const lines = wrapCommand(
      `# ${'word '.repeat(30).trim()}\naws iam put-role-policy --role-name r --policy-name p --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a bucket with spaces/*"}]}'`,
      50,
      '  ',
    );
    expect(lines.filter((l) => l.startsWith('  # ')).length).toBeGreaterThan(1);
    expect(lines.join('\n')).toContain('"arn:aws:s3:::a bucket with spaces/*"');
  });
});
