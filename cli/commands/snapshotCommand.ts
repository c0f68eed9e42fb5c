/**
 * `keycard snapshot --out DIR`: the live account written as the AWS CLI outputs of a snapshot.
 * writeSnapshot decides what DIR may hold (new, empty, or an older snapshot it replaces whole) and
 * writes nothing when a read failed, so a snapshot never silently lacks a resource policy.
 */
import type { CliDeps, CountingAccountReader } from '../CliDeps.ts';
import type { CliIO } from '../CliIO.ts';
import { EXIT_CODES } from '../exitCodes.ts';
import { formatCallCounts } from '../formatCallCounts.ts';
import { liveReadProgress } from '../liveReadProgress.ts';
import { SNAPSHOT_USAGE } from '../usage.ts';
import { parseSnapshotArgs } from './parseSnapshotArgs.ts';
import type { SnapshotArgs } from './parseSnapshotArgs.ts';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withSharedIam } from '../../shared/account/withSharedIam.ts';
import { InputError } from '../errors.ts';

export async function snapshotCommand(argv: string[], io: CliIO, deps: CliDeps): Promise<number> {
  const args = parseSnapshotArgs(argv);
  if (args.help) {
    io.stdout(SNAPSHOT_USAGE);
    return EXIT_CODES.ok;
  }
  if (args.regions !== undefined) return snapshotRegions(args as SnapshotArgs & { regions: 'all' | string[] }, io, deps);
  const reader: CountingAccountReader = await deps.createLiveReader({
    ...(args.region !== undefined ? { region: args.region } : {}),
    ...(args.apiRate !== undefined ? { lambdaRate: args.apiRate } : {}),
    ...(args.profile !== undefined ? { profile: args.profile } : {}),
  });
  const identity = await reader.identity();
  const progress = liveReadProgress(io, reader, args.quiet);
  const { files } = await deps.writeSnapshot(reader, args.out, { ...progress.options, qualifiers: args.qualifiers }).finally(progress.stop);
  if (args.quiet) return EXIT_CODES.ok;
  io.stderr(`keycard: wrote ${files} files for account ${identity.accountId} (${identity.region}) to ${args.out}\n`);
  const counts = reader.callCounts?.();
  if (counts) io.stderr(`keycard: ${formatCallCounts(counts, reader.callStats?.())}\n`);
  io.stderr(`keycard: audit it with: keycard audit --snapshot ${args.out}\n`);
  return EXIT_CODES.ok;
}

/**
 * `--regions`: one folder per region (its `lambda/`) beside one `iam/`, read once. The target must be
 * new or empty: a multi-region snapshot is not replaced piecewise.
 */
async function snapshotRegions(args: SnapshotArgs & { regions: 'all' | string[] }, io: CliIO, deps: CliDeps): Promise<number> {
  const existing = await readdir(args.out).catch(() => []);
  if (existing.length > 0) throw new InputError(`--out ${args.out}: a snapshot of several regions is written to a new or empty directory; this one is not empty`);
  let regions: string[];
  if (args.regions !== 'all') regions = args.regions;
  else if (deps.listEnabledRegions !== undefined) regions = await deps.listEnabledRegions();
  else throw new InputError("--regions all: this build cannot list the account's regions; name them (--regions us-east-1,eu-west-1)");
  const readers: CountingAccountReader[] = await Promise.all(
    regions.map((region) => deps.createLiveReader({ region, ...(args.apiRate !== undefined ? { lambdaRate: args.apiRate } : {}) })),
  );
  const shared = withSharedIam(readers, readers[0] as CountingAccountReader);
  const written = await Promise.all(shared.map((reader, i) => deps.writeSnapshot(reader, join(args.out, regions[i] as string), { qualifiers: args.qualifiers })));
  // One iam/ for the account: the first region's copy moves up, the others' identical copies go.
  await rename(join(args.out, regions[0] as string, 'iam'), join(args.out, 'iam'));
  for (const region of regions.slice(1)) await rm(join(args.out, region, 'iam'), { recursive: true, force: true });
  const files = written.reduce((sum, w) => sum + w.files, 0) - (regions.length - 1);
  io.stderr(`keycard: wrote ${files} files for ${regions.length} regions (${regions.join(', ')}) to ${args.out}\n`);
  for (const [i, region] of regions.entries()) {
    const counts = readers[i]?.callCounts?.();
    if (counts) io.stderr(`keycard: ${region}: ${formatCallCounts(counts)}\n`);
  }
  io.stderr(`keycard: audit it with: keycard audit --snapshot ${args.out}\n`);
  return EXIT_CODES.ok;
}
