/**
 * What the commands need from the outside world, injectable so tests can audit "live" through a
 * fake reader without AWS. The live reader and snapshot writer are imported lazily: a snapshot
 * audit never loads the AWS SDK.
 */
import type { AccountReader } from '../shared/account/AccountReader.ts';
import type { ReadAccountRecordsOptions } from '../shared/account/readAccountRecords.ts';
import type { QualifierMode } from '../shared/account/records.ts';

export interface LiveReaderOptions {
  region?: string;
  lambdaRate?: number;
  /** A profile of the shared AWS config files (credentials, and region unless `region` is given). */
  profile?: string;
}

/**
 * A live reader also counts the calls it made (shown on stderr after a live run), the throttled
 * ones, and knows its Lambda rate budget (for the progress line's time estimate).
 */
export type CountingAccountReader = AccountReader & {
  callCounts?(): Record<string, number>;
  throttleCount?(): number;
  readonly lambdaRate?: number;
  /** Retries (attempts beyond the first) and throttled attempts, for the closing line. */
  callStats?(): { retries: number; throttles: number };
};

export interface CliDeps {
  createLiveReader(options: LiveReaderOptions): Promise<CountingAccountReader>;
  writeSnapshot(
    reader: AccountReader,
    dir: string,
    options?: Pick<ReadAccountRecordsOptions, 'onProgress'> & { qualifiers?: QualifierMode },
  ): Promise<{ files: number }>;
  /** The account's enabled regions (`--regions all`); optional so fakes without it still type-check. */
  listEnabledRegions?(): Promise<string[]>;
}

export const defaultCliDeps: CliDeps = {
  async createLiveReader(options) {
    const { openLiveAccountReader } = await import('../shared/account/live/openLiveAccountReader.ts');
    return openLiveAccountReader(options);
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
