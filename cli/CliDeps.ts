/**
 * What the commands need from the outside world, injectable so tests can audit "live" through a
 * fake reader without AWS. The live reader and snapshot writer are imported lazily: a snapshot
 * audit never loads the AWS SDK.
 */
import type { AccountReader } from '../shared/account/AccountReader.ts';
import type { QualifierMode } from '../shared/account/records.ts';

export interface LiveReaderOptions {
  region?: string;
  lambdaRate?: number;
}

/** A live reader also counts the calls it made (shown on stderr after a live run). */
export type CountingAccountReader = AccountReader & { callCounts?(): Record<string, number> };

export interface CliDeps {
  createLiveReader(options: LiveReaderOptions): Promise<CountingAccountReader>;
  writeSnapshot(reader: AccountReader, dir: string, options?: { qualifiers?: QualifierMode }): Promise<{ files: number }>;
  /** The account's enabled regions (`--regions all`); optional so fakes without it still type-check. */
  listEnabledRegions?(): Promise<string[]>;
}

export const defaultCliDeps: CliDeps = {
  async createLiveReader(options) {
    const { createLiveAccountReader } = await import('../shared/account/live/createLiveAccountReader.ts');
    return createLiveAccountReader(options);
  },
  async listEnabledRegions() {
    const { listEnabledRegions } = await import('../shared/account/live/listEnabledRegions.ts');
    return listEnabledRegions();
  },
  async writeSnapshot(reader, dir, options = {}) {
    const { writeSnapshot } = await import('../shared/account/snapshot/writeSnapshot.ts');
    return writeSnapshot(reader, dir, undefined, options);
  },
};
