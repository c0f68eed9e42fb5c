import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../cli/commands/parseAuditArgs.ts';
import { parseSnapshotArgs } from '../../cli/commands/parseSnapshotArgs.ts';
import { describeError } from '../../cli/describeError.ts';
import { run } from '../../cli/run.ts';
import { captureIO } from './captureIO.ts';

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    return describeError(error);
  }
  throw new Error('accepted');
};

describe('strict arguments', () => {
  it.each(['0x5', '1e1', ' 5', '5 ', 'Infinity', '+5', '5.', '.5'])('--api-rate %j is refused (decimal notation only)', (value) => {
    expect(refusal(() => parseAuditArgs(['--live', '--api-rate', value]))).toMatch(/--api-rate '.*' is not a decimal number/);
    expect(refusal(() => parseSnapshotArgs(['--out', 'x', `--api-rate=${value}`]))).toMatch(/--api-rate/);
  });

  it('takes plain decimals', () => {
    expect(parseAuditArgs(['--live', '--api-rate', '12']).source).toEqual({ kind: 'live', apiRate: 12 });
  });

  it.each([',,,', '111122223333,,444455556666', '111122223333,', ',111122223333', ''])('--trusted-accounts %j: empty items are refused', (value) => {
    expect(refusal(() => parseAuditArgs(['--snapshot', 's', '--trusted-accounts', value]))).toMatch(/--trusted-accounts .* has an empty item/);
  });

  it.each([
    [['--snapshot', 'a', '--snapshot', 'b'], '--snapshot'],
    [['--snapshot', 'a', '--format', 'json', '--format=sarif'], '--format'],
    [['--live', '--region', 'eu-west-1', '--region', 'us-east-1'], '--region'],
  ])('%j: a repeated single-valued flag is an error', (argv, flag) => {
    expect(refusal(() => parseAuditArgs(argv))).toContain(`${flag} is given more than once`);
  });

  it('still takes a repeatable list flag more than once', () => {
    expect(parseAuditArgs(['--snapshot', 's', '--trusted-accounts', '111122223333', '--trusted-accounts', '444455556666']).trustedAccountIds).toHaveLength(2);
  });

  it.each([
    ['--trusted-accounts', '1'.repeat(100_000)],
    ['--format', 'x'.repeat(100_000)],
    ['--min-severity', 'y'.repeat(100_000)],
  ])('%s with a 100,000-character value: the error quotes 40 characters and says how long it was', (flag, value) => {
    const line = refusal(() => parseAuditArgs(['--snapshot', 's', flag, value]));
    expect(line.length).toBeLessThan(300);
    expect(line).toContain('(100000 characters)');
  });

  it('escapes control characters from arguments in the one error line', async () => {
    const io = captureIO();
    expect(await run(['audit', '--snapshot', 's', '--format', '\u001b[2J\nSummary: 0 findings'], io)).toBe(2);
    expect(io.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
    expect(io.err).toContain('\\x1b[2J\\nSummary');
  });
});

describe('long arguments', () => {
  it('refuses a 100,000-character short-option group at once (Node would take seconds to expand it)', () => {
    const started = performance.now();
    expect(refusal(() => parseAuditArgs(['--snapshot', 's', `-h=${'x'.repeat(100_000)}`]))).toMatch(/unknown option '-h=x{37}… \(100003 characters\)'/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
