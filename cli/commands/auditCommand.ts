/** `keycard audit`: read an account (snapshot or live), evaluate it, render, and choose the exit code. */
import { hiddenFindingsNote } from '../hiddenFindingsNote.ts';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountReader } from '../../shared/account/AccountReader.ts';
import { AccountReadError } from '../../shared/account/errors.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import type { ReadAccountRecordsOptions } from '../../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import type { Severity } from '../../shared/checks/types.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { applyMutes } from '../../shared/engine/applyMutes.ts';
import type { MutesApplied } from '../../shared/engine/applyMutes.ts';
import { filterBySeverity } from '../../shared/engine/filterBySeverity.ts';
import type { MuteList } from '../../shared/engine/MuteList.ts';
import { MuteListError, parseMuteList } from '../../shared/engine/parseMuteList.ts';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';
import { summarizeAccounts } from '../../shared/engine/summarizeAccounts.ts';
import { summarizeRegions } from '../../shared/engine/summarizeRegions.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import type { AccountFacts } from '../../shared/facts/types.ts';
import { renderJson } from '../../shared/report/renderJson.ts';
import { renderSarif } from '../../shared/report/renderSarif.ts';
import { renderTable } from '../../shared/report/renderTable.ts';
import type { CliDeps, CountingAccountReader } from '../CliDeps.ts';
import type { CliIO } from '../CliIO.ts';
import { InputError, UsageError } from '../errors.ts';
import { EXIT_CODES } from '../exitCodes.ts';
import { formatCallCounts } from '../formatCallCounts.ts';
import { liveReadProgress } from '../liveReadProgress.ts';
import { maxFileBytesFrom } from '../maxFileBytesFrom.ts';
import { cutForMessage } from '../../shared/report/cutForMessage.ts';
import { AUDIT_USAGE } from '../usage.ts';
import { parseAuditArgs } from './parseAuditArgs.ts';
import { readAcrossRegions, readRegions } from './readRegions.ts';
import { inRegionFolder } from '../../shared/account/snapshot/inRegionFolder.ts';
import { snapshotRegions } from '../../shared/account/snapshot/snapshotRegions.ts';
import type { AuditArgs } from './parseAuditArgs.ts';
import { readOrganization, sumCounts } from './readOrganization.ts';
import type { OrganizationRead } from './readOrganization.ts';

export async function auditCommand(argv: string[], io: CliIO, deps: CliDeps, version: string): Promise<number> {
  const args = parseAuditArgs(argv);
  if (args.help) {
    io.stdout(AUDIT_USAGE);
    return EXIT_CODES.ok;
  }

  // Read before the account, so a bad mute list fails in a second, not after a long live read.
  const muteList = args.muteFile === undefined ? undefined : await readMuteFile(args.muteFile);
  const evaluate = (facts: AccountFacts) => evaluateAccount(facts, { trustedAccountIds: args.trustedAccountIds, trustedOrgIds: args.trustedOrgIds });
  let organization: { read: OrganizationRead; regions?: string[] } | undefined;
  let single: Awaited<ReturnType<typeof readFacts>> | undefined;
  let evaluated: AuditResult;
  if (args.source.kind === 'live' && args.source.org !== undefined) {
    organization = await readOrganizationOf(args, deps, io, evaluate);
    evaluated = organization.read.result;
  } else {
    single = await readFacts(args, deps, io);
    evaluated = evaluate(single.facts);
  }
  const { callCounts, callStats } = single ?? {};
  const regions = single?.regions ?? organization?.regions;
  const mutes = muteList === undefined ? undefined : applyMutes(evaluated, muteList.mutes, new Date());
  const result = mutes?.result ?? evaluated;
  const shown = filterBySeverity(result, args.minSeverity);
  if (mutes !== undefined && args.showMuted) shown.muted = mutes.muted;
  if (regions !== undefined) shown.summary.regions = summarizeRegions(shown, regions);
  if (organization !== undefined) shown.summary.accounts = summarizeAccounts(shown, organization.read.standings);

  const report = render(shown, args, io, version);
  if (args.output === undefined) {
    io.stdout(report);
  } else {
    await writeReport(args.output, report);
    const muted = mutes === undefined ? '' : `, ${mutes.muted.length} muted`;
    if (!args.quiet) io.stderr(`keycard: wrote ${args.format} report (${shown.findings.length} findings${muted}) to ${args.output}\n`);
  }
  if (mutes !== undefined && args.muteFile !== undefined && !args.quiet) {
    for (const line of describeExpired(args.muteFile, mutes)) io.stderr(`keycard: ${line}\n`);
  }

  const hiddenNote = describeHidden(result, shown, args.minSeverity);
  if (hiddenNote && !args.quiet) io.stderr(`${hiddenNote}\n`);
  if (args.source.kind === 'live' && callCounts !== undefined && !args.quiet) {
    if (regions === undefined) io.stderr(`keycard: ${formatCallCounts(callCounts as Record<string, number>, callStats)}\n`);
    else for (const region of regions) io.stderr(`keycard: ${region}: ${formatCallCounts(callCounts[region] as unknown as Record<string, number>)}\n`);
  }
  if (organization !== undefined && !args.quiet) {
    const { caller, accounts } = organization.read.callCounts;
    io.stderr(`keycard: in the calling account: ${formatCallCounts(caller)}\n`);
    const read = Object.keys(accounts).length;
    io.stderr(`keycard: in the ${read} account${read === 1 ? '' : 's'} read: ${formatCallCounts(sumCounts(Object.values(accounts)))}\n`);
  }

  // An account not read at all fails the run whatever --min-severity hides: nothing was audited there.
  const unreadable = shown.summary.accounts?.some((a) => a.status === 'unreadable') === true;
  return shown.findings.length > 0 || unreadable ? EXIT_CODES.findings : EXIT_CODES.ok;
}

/** `--org`: every account through its role (readOrganization); `--regions all` is refused (regions differ by account). */
async function readOrganizationOf(
  args: AuditArgs,
  deps: CliDeps,
  io: CliIO,
  evaluate: (facts: AccountFacts) => AuditResult,
): Promise<{ read: OrganizationRead; regions?: string[] }> {
  if (args.source.kind !== 'live' || args.source.org === undefined) throw new TypeError('readOrganizationOf: not an --org audit');
  const { org, region, regions, apiRate, profile } = args.source;
  if (regions === 'all') {
    throw new UsageError("keycard audit: --regions all is not available with --org (each account enables its own regions); name them: --regions us-east-1,eu-west-1", 'audit');
  }
  const read = await readOrganization(
    {
      org,
      qualifiers: args.qualifiers,
      quiet: args.quiet,
      ...(region !== undefined ? { region } : {}),
      ...(regions !== undefined ? { regions } : {}),
      ...(apiRate !== undefined ? { apiRate } : {}),
      ...(profile !== undefined ? { profile } : {}),
    },
    deps,
    io,
    evaluate,
  );
  return { read, ...(regions !== undefined ? { regions } : {}) };
}

/** The mute list in FILE; a file that cannot be read or is not a valid list is one line naming the file and the field. */
async function readMuteFile(file: string): Promise<MuteList> {
  const where = `--mute-file ${cutForMessage(file, 200)}`;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`${where}: cannot read the file (${reason}); expected a mute list (README, "Muting findings")`, { cause: error });
  }
  try {
    return parseMuteList(text);
  } catch (error) {
    if (error instanceof MuteListError) throw new InputError(`${where}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** An expired mute mutes nothing; say so, so the finding's return is not a surprise. */
function describeExpired(file: string, mutes: MutesApplied): string[] {
  return mutes.expired.map(
    (m) => `${cutForMessage(file, 200)}: the mute of ${cutForMessage(m.checkId)} on ${cutForMessage(m.arn, 200)} expired on ${m.expires} and no longer mutes; renew or remove it`,
  );
}

/** The account's facts, from one reader or (--regions) one per region; and the calls counted. */
async function readFacts(
  args: AuditArgs,
  deps: CliDeps,
  io: CliIO,
): Promise<{
  facts: AccountFacts;
  callCounts?: Record<string, number> | Record<string, Record<string, number>>;
  callStats?: { retries: number; throttles: number };
  regions?: string[];
}> {
  if (args.source.kind === 'live' && args.source.regions !== undefined) {
    const read = await readRegions(deps, {
      regions: args.source.regions,
      qualifiers: args.qualifiers,
      ...(args.source.apiRate !== undefined ? { apiRate: args.source.apiRate } : {}),
    });
    return { facts: read.facts, callCounts: read.callCounts, regions: read.regions };
  }
  const env = io.env ?? {};
  const reader = await openReader(args, deps, env);
  if (args.source.kind === 'snapshot') {
    // A snapshot of several regions (keycard snapshot --regions): one iam/ beside a folder per region.
    const dir = args.source.dir;
    const regions = await snapshotRegions(dir);
    if (regions !== undefined) {
      const maxFileBytes = maxFileBytesFrom(env);
      const readers = regions.map((region) =>
        inRegionFolder(new SnapshotAccountReader(join(dir, region), { iamDirectory: dir, region, ...(maxFileBytes === undefined ? {} : { maxFileBytes }) }), region),
      );
      const read = await readAcrossRegions(readers, regions, args.qualifiers).catch((error: unknown) => {
        throw snapshotInputError(dir, error);
      });
      return { facts: read.facts, regions: read.regions };
    }
  }
  const progress = liveReadProgress(io, reader, args.quiet || args.source.kind !== 'live');
  const { identity, records } = await readAccount(reader, args, progress.options).finally(progress.stop);
  const counts = reader.callCounts?.();
  const stats = reader.callStats?.();
  return {
    facts: toAccountFacts(identity, records),
    ...(counts !== undefined ? { callCounts: counts } : {}),
    ...(stats !== undefined ? { callStats: stats } : {}),
  };
}

async function openReader(args: AuditArgs, deps: CliDeps, env: Record<string, string | undefined>): Promise<CountingAccountReader> {
  if (args.source.kind === 'live') {
    const { region, apiRate, profile } = args.source;
    return deps.createLiveReader({
      ...(region !== undefined ? { region } : {}),
      ...(apiRate !== undefined ? { lambdaRate: apiRate } : {}),
      ...(profile !== undefined ? { profile } : {}),
    });
  }
  const dir = args.source.dir;
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InputError(
      `--snapshot ${cutForMessage(dir, 200)}: ${info ? 'is not a directory' : 'no such directory'}; expected a snapshot directory holding iam/authorization-details.json and lambda/functions.json (see README, "Account snapshot")`,
    );
  }
  const maxFileBytes = maxFileBytesFrom(env);
  return new SnapshotAccountReader(dir, maxFileBytes === undefined ? {} : { maxFileBytes });
}

async function readAccount(reader: AccountReader, args: AuditArgs, options: ReadAccountRecordsOptions) {
  try {
    const identity = await reader.identity();
    return { identity, records: await readAccountRecords(reader, { ...options, qualifiers: args.qualifiers }) };
  } catch (error) {
    if (args.source.kind === 'snapshot') throw snapshotInputError(args.source.dir, error);
    throw error;
  }
}

/**
 * Snapshot errors name the file relative to the snapshot (its region folder too, for a snapshot of
 * several regions); the user typed the directory, so the message starts with the whole path.
 */
function snapshotInputError(dir: string, error: unknown): unknown {
  if (!(error instanceof AccountReadError)) return error;
  const prefix = `${error.source}: `;
  const rest = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new InputError(`${cutForMessage(join(dir, error.source), 200)}: ${rest}`, { cause: error });
}

function render(result: AuditResult, args: AuditArgs, io: CliIO, version: string): string {
  switch (args.format) {
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result, { toolVersion: version });
    case 'table':
      return renderTable(result, { color: useColor(args, io), width: args.output === undefined && io.isTTY ? io.columns : undefined });
  }
}

/** Colours only on a terminal, never into a file; NO_COLOR and FORCE_COLOR (https://no-color.org) win. */
export function useColor(args: Pick<AuditArgs, 'output'>, io: CliIO): boolean {
  if (args.output !== undefined) return false;
  const env = io.env ?? {};
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

export async function writeReport(file: string, report: string): Promise<void> {
  try {
    await writeFile(file, report, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`--output ${file}: cannot write the report (${reason}); expected a writable file path in an existing directory`, {
      cause: error,
    });
  }
}

/** The findings --min-severity left out, and how many of them are read gaps (`evaluation-incomplete`). */
function describeHidden(result: AuditResult, shown: AuditResult, min: Severity): string | undefined {
  const gapsIn = (r: AuditResult) => r.findings.filter((f) => f.checkId === 'evaluation-incomplete').length;
  return hiddenFindingsNote(result.findings.length - shown.findings.length, min, gapsIn(result) - gapsIn(shown));
}
