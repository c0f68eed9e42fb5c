import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

export const COMPLETE_SNAPSHOT = join(import.meta.dirname, '../../fixtures/snapshots/complete');

/** A writable copy of a snapshot fixture, for tests that break one file; removed after the test. */
export async function copySnapshotFixture(name = 'complete'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keycard-snapshot-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(join(import.meta.dirname, '../../fixtures/snapshots', name), dir, { recursive: true });
  return dir;
}
