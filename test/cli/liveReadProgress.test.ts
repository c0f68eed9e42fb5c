/**
 * The progress line of a live read: drawn in place on a terminal (stderr), never into a pipe or
 * file, silent with --quiet, erased before anything else is written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliDeps, CountingAccountReader } from '../../cli/CliDeps.ts';
import { defaultCliDeps } from '../../cli/CliDeps.ts';
import { describeReadProgress } from '../../cli/describeReadProgress.ts';
import { ProgressLine } from '../../cli/ProgressLine.ts';
import { run } from '../../cli/run.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { captureIO } from './captureIO.ts';

const DEMO = 'examples/demo-account';
const DEMO_FUNCTIONS = (JSON.parse(readFileSync(join(DEMO, 'lambda/functions.json'), 'utf8')) as { Functions: unknown[] }).Functions.length;
const ERASE = '\u001b[K';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fake terminal: what was written, and the line a terminal would show after `\r` rewrites. */
function fakeTty(columns = 100) {
  const tty = {
    written: '',
    columns,
    write: (text: string) => void (tty.written += text),
    /** What the last line shows: text after the last `\r`, with the erase sequence removed. */
    visible: () => (tty.written.split('\r').at(-1) ?? '').replaceAll(ERASE, ''),
  };
  return tty;
}

/** Live deps over the demo snapshot, with a reader that reports throttles and its rate like the live one. */
function liveDeps(throttled = 2): CliDeps {
  return {
    async createLiveReader() {
      const reader = Object.assign(new SnapshotAccountReader(DEMO), { lambdaRate: 10 }) as CountingAccountReader;
      let getPolicy = 0;
      const original = reader.getResourcePolicy.bind(reader);
      reader.getResourcePolicy = async (name) => {
        getPolicy += 1;
        return original(name);
      };
      reader.callCounts = () => ({ 'lambda:GetPolicy': getPolicy });
      reader.throttleCount = () => throttled;
      return reader;
    },
    writeSnapshot: defaultCliDeps.writeSnapshot,
  };
}

function ttyIO(columns = 120) {
  const io = captureIO();
  io.stderrIsTTY = true;
  io.stderrColumns = columns;
  return io;
}

describe('ProgressLine', () => {
  it('rewrites one line in place, erases what a longer text left, and clears it at the end', () => {
    const tty = fakeTty();
    const line = new ProgressLine(tty);
    line.show('keycard: read 1 of 2,000 functions, about 3 min 20 s left');
    line.show('keycard: read 2 of 2,000 functions');
    expect(tty.visible()).toBe('keycard: read 2 of 2,000 functions');
    expect(tty.written).not.toContain('\n');
    line.clear();
    expect(tty.visible()).toBe('');
    expect(tty.written.endsWith(`\r${ERASE}`)).toBe(true);
  });

  it('cuts the text to the terminal width, since a wrapped line cannot be redrawn', () => {
    const tty = fakeTty(40);
    new ProgressLine(tty).show('x'.repeat(100));
    expect(tty.visible()).toHaveLength(39);
    expect(tty.visible().endsWith('…')).toBe(true);
  });

  it('writes nothing on clear when nothing was shown', () => {
    const tty = fakeTty();
    new ProgressLine(tty).clear();
    expect(tty.written).toBe('');
  });
});

describe('describeReadProgress', () => {
  it('estimates the time left from the functions still to read and the Lambda budget', () => {
    // 1,900 functions left at one GetPolicy each, 10 calls/s: 190 s.
    expect(describeReadProgress({ functionsRead: 100, functionsTotal: 2000, throttled: 0, lockCalls: 100, lambdaRate: 10 })).toBe(
      'keycard: read 100 of 2,000 functions, about 3 min 10 s left at 10 Lambda calls/s',
    );
    // A snapshot also lists URL configs: two calls a function so far, so twice the time.
    expect(describeReadProgress({ functionsRead: 100, functionsTotal: 2000, throttled: 3, lockCalls: 200, lambdaRate: 10 })).toBe(
      'keycard: read 100 of 2,000 functions, 3 throttled, about 6 min 20 s left at 10 Lambda calls/s',
    );
    expect(describeReadProgress({ functionsRead: 0, functionsTotal: 40_000, throttled: 0, lockCalls: 0, lambdaRate: 5 })).toBe(
      'keycard: read 0 of 40,000 functions, about 2 h 13 min left at 5 Lambda calls/s',
    );
    expect(describeReadProgress({ functionsRead: 7, functionsTotal: 9, throttled: 0, lockCalls: 7, lambdaRate: 10 })).toBe(
      'keycard: read 7 of 9 functions, about 1 s left at 10 Lambda calls/s',
    );
  });

  it('says what is read before the function list is known, and gives no estimate without a rate', () => {
    expect(describeReadProgress({ functionsRead: 0, functionsTotal: undefined, throttled: 1, lockCalls: 0, lambdaRate: 10 })).toBe(
      'keycard: reading roles, managed policies and the function list, 1 throttled…',
    );
    expect(describeReadProgress({ functionsRead: 3, functionsTotal: 9, throttled: 0, lockCalls: 3 })).toBe('keycard: read 3 of 9 functions');
  });
});

describe('keycard audit --live: progress on stderr', () => {
  it('draws the progress line on a terminal, counts every function, and erases it before the summary lines', async () => {
    const io = ttyIO();
    expect(await run(['audit', '--live'], io, liveDeps())).toBe(1);
    const frames = io.err.split('\r').map((frame) => frame.replaceAll(ERASE, ''));
    expect(frames).toContain('keycard: reading roles, managed policies and the function list, 2 throttled…');
    expect(frames).toContain(`keycard: read 0 of ${DEMO_FUNCTIONS} functions, 2 throttled, about 2 s left at 10 Lambda calls/s`);
    expect(frames).toContain(`keycard: read ${DEMO_FUNCTIONS} of ${DEMO_FUNCTIONS} functions, 2 throttled`);
    const read = frames.map((frame) => /read (\d+) of/.exec(frame)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(read).toEqual([...Array(DEMO_FUNCTIONS + 1).keys()]);
    // Erased before the call counts, which start on a clean line.
    expect(io.err).toContain(`\r${ERASE}keycard: 1 finding below --min-severity low not reported`);
    expect(io.err).toContain(`keycard: ${DEMO_FUNCTIONS} AWS API calls`);
    expect(io.out).not.toContain('\r');
  });

  it('draws nothing when stderr is not a terminal (a pipe, a CI log)', async () => {
    const io = captureIO();
    await run(['audit', '--live'], io, liveDeps());
    expect(io.err).not.toContain('\r');
    expect(io.err).toMatch(/^keycard: 1 finding below --min-severity low not reported[^]*\nkeycard: \d+ AWS API calls \(lambda:GetPolicy \d+\)\n$/);
  });

  it('is silent with --quiet: no progress and no informational lines, the report still on stdout', async () => {
    const io = ttyIO();
    expect(await run(['audit', '--live', '--quiet', '--min-severity', 'critical'], io, liveDeps())).toBe(1);
    expect(io.err).toBe('');
    expect(io.out).toContain('ops-runbook-runner');
  });

  it('still reports errors with --quiet', async () => {
    const io = ttyIO();
    const deps: CliDeps = { ...liveDeps(), createLiveReader: async () => Promise.reject(new Error('no network')) };
    expect(await run(['audit', '--live', '--quiet'], io, deps)).toBe(2);
    expect(io.err).toBe('keycard: Error: no network\n');
  });

  it('erases the line before an error that stops the read', async () => {
    const io = ttyIO();
    const deps: CliDeps = {
      ...liveDeps(),
      async createLiveReader() {
        const reader = await liveDeps().createLiveReader({});
        reader.getResourcePolicy = async () => Promise.reject(new Error('connection reset'));
        return reader;
      },
    };
    expect(await run(['audit', '--live'], io, deps)).toBe(2);
    expect(io.err).toContain('keycard: read 0 of');
    expect(io.err.endsWith(`\r${ERASE}keycard: Error: connection reset\n`)).toBe(true);
  });

  it('draws nothing for a snapshot audit (nothing is slow to read)', async () => {
    const io = ttyIO();
    await run(['audit', '--snapshot', DEMO], io, liveDeps());
    expect(io.err).not.toContain('\r');
  });
});

describe('keycard snapshot: progress on stderr', () => {
  it('shows the functions read while the snapshot is written, then the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keycard-progress-'));
    tempDirs.push(dir);
    const io = ttyIO();
    expect(await run(['snapshot', '--out', join(dir, 'snap')], io, liveDeps(0))).toBe(0);
    const frames = io.err.split('\r').map((frame) => frame.replaceAll(ERASE, ''));
    expect(frames).toContain(`keycard: read ${DEMO_FUNCTIONS} of ${DEMO_FUNCTIONS} functions`);
    expect(io.err).toContain(`wrote `);
  });

  it('writes nothing to stderr with --quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keycard-progress-'));
    tempDirs.push(dir);
    const io = ttyIO();
    expect(await run(['snapshot', '--out', join(dir, 'snap'), '--quiet'], io, liveDeps(0))).toBe(0);
    expect(io.err).toBe('');
  });
});
