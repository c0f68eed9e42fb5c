/**
 * The progress line of a live read, on stderr when it is a terminal and --quiet is not given:
 * readAccountRecords says how many functions are read, the reader how many calls were throttled
 * and at what rate it reads. Nothing is written to a pipe or a file (CI logs stay clean).
 */
import type { ReadAccountRecordsOptions } from '../shared/account/readAccountRecords.ts';
import type { CountingAccountReader } from './CliDeps.ts';
import type { CliIO } from './CliIO.ts';
import { describeReadProgress } from './describeReadProgress.ts';
import { ProgressLine } from './ProgressLine.ts';

export interface LiveReadProgress {
  /** For readAccountRecords / writeSnapshot; absent when nothing is to be drawn. */
  options: Pick<ReadAccountRecordsOptions, 'onProgress'>;
  /** Erases the line (call it before anything else is written, errors included). */
  stop(): void;
}

export function liveReadProgress(io: CliIO, reader: CountingAccountReader, quiet: boolean): LiveReadProgress {
  if (quiet || io.stderrIsTTY !== true) return { options: {}, stop: () => undefined };
  const line = new ProgressLine({ write: io.stderr, ...(io.stderrColumns === undefined ? {} : { columns: io.stderrColumns }) });
  return {
    options: {
      onProgress: (progress) => {
        const calls = reader.callCounts?.() ?? {};
        line.show(
          describeReadProgress({
            ...progress,
            throttled: reader.throttleCount?.() ?? 0,
            lockCalls: (calls['lambda:GetPolicy'] ?? 0) + (calls['lambda:ListFunctionUrlConfigs'] ?? 0),
            ...(reader.lambdaRate === undefined ? {} : { lambdaRate: reader.lambdaRate }),
          }),
        );
      },
    },
    stop: () => line.clear(),
  };
}
