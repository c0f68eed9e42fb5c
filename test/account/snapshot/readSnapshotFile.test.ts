import { execFile } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SnapshotFormatError } from '../../../shared/account/errors.ts';
import { readSnapshotFile } from '../../../shared/account/snapshot/readSnapshotFile.ts';
import { SnapshotAccountReader } from '../../../shared/account/snapshot/SnapshotAccountReader.ts';
import { copySnapshotFixture } from './copySnapshotFixture.ts';

const mkfifo = (path: string) => promisify(execFile)('mkfifo', [path]);
const EXPECTED = 'a test file';

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SnapshotFormatError);
  return (error as Error).message;
}

describe('readSnapshotFile', () => {
  it('reads a regular file, and a link to one inside the snapshot', async () => {
    const dir = await copySnapshotFixture();
    await writeFile(join(dir, 'a.json'), '{"x": 1}');
    await symlink('a.json', join(dir, 'b.json'));
    expect(await readSnapshotFile(dir, 'a.json', EXPECTED)).toBe('{"x": 1}');
    expect(await readSnapshotFile(dir, 'b.json', EXPECTED)).toBe('{"x": 1}');
  });

  it('answers undefined when nothing is there', async () => {
    expect(await readSnapshotFile(await copySnapshotFixture(), 'none.json', EXPECTED)).toBeUndefined();
  });

  it('refuses a FIFO at once instead of blocking on it', async () => {
    const dir = await copySnapshotFixture();
    await mkfifo(join(dir, 'pipe.json'));
    expect(await refusal(readSnapshotFile(dir, 'pipe.json', EXPECTED))).toMatch(/^pipe\.json: expected a test file; the path is a FIFO \(named pipe\), not a regular file/);
    // Through a link inside the snapshot, too.
    await symlink('pipe.json', join(dir, 'to-pipe.json'));
    expect(await refusal(readSnapshotFile(dir, 'to-pipe.json', EXPECTED))).toMatch(/a FIFO/);
  });

  it('refuses a device', async () => {
    expect(await refusal(readSnapshotFile('/dev', 'null', EXPECTED))).toMatch(/the path is a character device, not a regular file/);
  });

  it('refuses a link out of the snapshot (e.g. to /dev/urandom) without reading it', async () => {
    const dir = await copySnapshotFixture();
    await symlink('/dev/urandom', join(dir, 'random.json'));
    expect(await refusal(readSnapshotFile(dir, 'random.json', EXPECTED))).toMatch(/symbolic link to \/dev\/urandom, outside the snapshot/);
  });

  it('refuses a dangling link instead of reading it as absent', async () => {
    const dir = await copySnapshotFixture();
    await symlink('missing.json', join(dir, 'dangling.json'));
    expect(await refusal(readSnapshotFile(dir, 'dangling.json', EXPECTED))).toMatch(/dangling link/);
  });

  it('refuses a directory and a file above the size limit', async () => {
    const dir = await copySnapshotFixture();
    await mkdir(join(dir, 'sub.json'));
    await writeFile(join(dir, 'big.json'), 'x'.repeat(101));
    expect(await refusal(readSnapshotFile(dir, 'sub.json', EXPECTED))).toMatch(/a directory, not a regular file/);
    expect(await refusal(readSnapshotFile(dir, 'big.json', EXPECTED, 100))).toMatch(/larger than 100 bytes.*KEYCARD_MAX_FILE_BYTES/);
    expect(await readSnapshotFile(dir, 'big.json', EXPECTED, 101)).toHaveLength(101);
  });
});

describe('SnapshotAccountReader on special files', () => {
  it('reports a dangling policy link as a read problem of that function, not as "no policy"', async () => {
    const dir = await copySnapshotFixture();
    await rm(join(dir, 'lambda/policies/orders-api.json'));
    await symlink(join(tmpdir(), 'keycard-no-such-file.json'), join(dir, 'lambda/policies/orders-api.json'));
    const message = await refusal(new SnapshotAccountReader(dir).getResourcePolicy('orders-api'));
    expect(message).toMatch(/^lambda\/policies\/orders-api\.json: .*dangling link/);
  });

  it('refuses a FIFO as lambda/functions.json with one error', async () => {
    const dir = await copySnapshotFixture();
    await rm(join(dir, 'lambda/functions.json'));
    await mkfifo(join(dir, 'lambda/functions.json'));
    expect(await refusal(new SnapshotAccountReader(dir).listFunctions())).toMatch(/^lambda\/functions\.json: .*a FIFO/);
  });

  it('applies the size limit it is given', async () => {
    const reader = new SnapshotAccountReader(await copySnapshotFixture(), { maxFileBytes: 10 });
    expect(await refusal(reader.listFunctions())).toMatch(/larger than 10 bytes/);
  });
});
