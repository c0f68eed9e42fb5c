import { describe, expect, it } from 'vitest';
import { run } from '../../cli/run.ts';
import { captureIO } from './captureIO.ts';

const DEMO = 'examples/demo-account';

describe('KEYCARD_MAX_FILE_BYTES', () => {
  it('caps the size of each snapshot file read by an audit', async () => {
    const io = captureIO({ env: { KEYCARD_MAX_FILE_BYTES: '100' } });
    expect(await run(['audit', '--snapshot', DEMO], io)).toBe(2);
    expect(io.err).toMatch(/^keycard: examples\/demo-account\/.*larger than 100 bytes.*raise it with KEYCARD_MAX_FILE_BYTES/);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });

  it.each(['0x100', '1e6', '-5', ' 100', '1'.repeat(500)])('refuses %j, quoting at most 40 characters of it', async (value) => {
    const io = captureIO({ env: { KEYCARD_MAX_FILE_BYTES: value } });
    expect(await run(['audit', '--snapshot', DEMO], io)).toBe(2);
    expect(io.err).toMatch(/^keycard: KEYCARD_MAX_FILE_BYTES '.*' is not a whole number of bytes/);
    expect(io.err.length).toBeLessThan(200);
  });

  it('reads normally with the default limit', async () => {
    const io = captureIO();
    expect(await run(['audit', '--snapshot', DEMO, '--format', 'json'], io)).toBe(1);
  });
});
