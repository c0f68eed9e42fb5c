/**
 * `keycard snapshot --out DIR`: the live account written as the AWS CLI outputs of a snapshot.
 * writeSnapshot decides what DIR may hold (new, empty, or an older snapshot it replaces whole) and
 * writes nothing when a read failed, so a snapshot never silently lacks a resource policy.
 */
import type { CliDeps, CountingAccountReader } from '../CliDeps.ts';
import type { CliIO } from '../CliIO.ts';
import { EXIT_CODES } from '../exitCodes.ts';
import { formatCallCounts } from '../formatCallCounts.ts';
import { SNAPSHOT_USAGE } from '../usage.ts';
import { parseSnapshotArgs } from './parseSnapshotArgs.ts';

export async function snapshotCommand(argv: string[], io: CliIO, deps: CliDeps): Promise<number> {
  const args = parseSnapshotArgs(argv);
  if (args.help) {
    io.stdout(SNAPSHOT_USAGE);
    return EXIT_CODES.ok;
  }
  const reader: CountingAccountReader = await deps.createLiveReader({
    ...(args.region !== undefined ? { region: args.region } : {}),
    ...(args.apiRate !== undefined ? { lambdaRate: args.apiRate } : {}),
  });
  const identity = await reader.identity();
  const { files } = await deps.writeSnapshot(reader, args.out, { qualifiers: args.qualifiers });
  io.stderr(`keycard: wrote ${files} files for account ${identity.accountId} (${identity.region}) to ${args.out}\n`);
  const counts = reader.callCounts?.();
  if (counts) io.stderr(`keycard: ${formatCallCounts(counts)}\n`);
  io.stderr(`keycard: audit it with: keycard audit --snapshot ${args.out}\n`);
  return EXIT_CODES.ok;
}
