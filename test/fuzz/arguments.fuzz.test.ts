/**
 * Hostile command lines: known and unknown flags, repeated flags, hex and exponent numbers, empty
 * list items, huge and control-character values. Every case ends in a report (exit 0/1) or one
 * short, escaped error line (exit 2), and never reaches AWS (live runs get a reader that refuses).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../cli/CliDeps.ts';
import { CliError } from '../../cli/errors.ts';
import { run } from '../../cli/run.ts';
import { captureIO } from '../cli/captureIO.ts';
import { CASE_TIME_BOUND_MS, CRASH, RAW_CONTROL, fuzzRuns } from './fuzzSettings.ts';
import { hostileString } from './hostileValues.ts';

const OFFLINE: CliDeps = {
  async createLiveReader() {
    throw new CliError('live reads are off in the fuzz test');
  },
  async writeSnapshot() {
    throw new CliError('snapshot writes are off in the fuzz test');
  },
};

const FLAGS = ['--snapshot', '--live', '--format', '--output', '--min-severity', '--trusted-accounts', '--region', '--api-rate', '--out', '--help', '-h', '--bogus', '-x'];
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 3, arbitrary: fc.constantFrom('examples/demo-account', 'json', 'sarif', 'table', 'info', 'high', '111122223333', '111122223333,', '5', '0x5', '2.5', '16') },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constantFrom(...FLAGS).chain((flag) => hostileString.map((value) => `${flag}=${value}`)) },
);
const argv = fc.tuple(fc.constantFrom('audit', 'audit', 'audit', 'snapshot', 'help', 'bogus'), fc.array(token, { maxLength: 8 })).map(([command, rest]) =>
  // Never write a report into the repository: --output goes nowhere writable.
  [command, ...rest.map((t, i) => (rest[i - 1] === '--output' || t.startsWith('--output=') ? '/nonexistent/keycard-fuzz/report' : t))],
);

describe('fuzz: hostile arguments', () => {
  it('end in a report or one short, escaped error line', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const io = captureIO({ env: { NO_COLOR: '1' } });
        const started = performance.now();
        const code = await run(args, io, OFFLINE);
        expect(performance.now() - started).toBeLessThan(CASE_TIME_BOUND_MS);
        expect([0, 1, 2]).toContain(code);
        expect(io.out).not.toMatch(RAW_CONTROL);
        if (code === 2 && io.err !== '' && !io.err.startsWith('Keycard:')) {
          const lines = io.err.trimEnd().split('\n');
          expect(lines).toHaveLength(1);
          expect(lines[0]).not.toMatch(CRASH);
          expect(lines[0]).not.toMatch(RAW_CONTROL);
          // Values are quoted cut: a line stays readable whatever was typed.
          expect(lines[0]!.length).toBeLessThan(1_100);
        }
      }),
      fuzzRuns(200),
    );
  });
});
