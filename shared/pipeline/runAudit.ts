/**
 * The audit: every watched region with the bulk reader (IAM once in GetAccountAuthorizationDetails
 * pages; per region ListFunctions, then per function GetPolicy and, with qualifiers, ListAliases and
 * GetPolicy per alias and kept version), or the functions a manual invocation names. An account whose
 * reads alone outlast one invocation is audited in chunks: when time runs short the audit hands a
 * small continuation to a new invocation of itself, which resumes after the last function done, in
 * the region it was in.
 * A complete audit also fills the role index with every function it listed in every watched region
 * and then vouches for it (markComplete), so role changes can find their functions without a listing.
 */
import { randomUUID } from 'node:crypto';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords, readFunctionLocks, readQualifiers } from '../account/readAccountRecords.ts';
import type { CoreRecords } from '../account/readAccountRecords.ts';
import type { AccountRecords, FunctionConfigurationRecord, QualifierMode, TrailStatusRecord } from '../account/records.ts';
import { withSharedIam } from '../account/withSharedIam.ts';
import { publishFindingEvents } from '../alerts/publishFindingEvents.ts';
import type { DigestOptions } from '../alerts/renderDigest.ts';
import { sendDigest } from '../alerts/sendDigest.ts';
import type { SendResult, SendTargets } from '../alerts/sendFindings.ts';
import { CHECKS } from '../checks/registry.ts';
import { SEVERITIES } from '../checks/types.ts';
import type { Finding, Severity } from '../checks/types.ts';
import type { AuditResult, AuditSummary, RegionSummary } from '../engine/AuditResult.ts';
import { applyMutes, isExpired } from '../engine/applyMutes.ts';
import { evaluateAccount } from '../engine/evaluateAccount.ts';
import type { Mute } from '../engine/MuteList.ts';
import { summarizeRegions } from '../engine/summarizeRegions.ts';
import { checkOptionsFor } from './checkOptionsFor.ts';
import { sortFindings } from '../engine/sortFindings.ts';
import type { AuditRequest } from '../events/parseAuditRequest.ts';
import { mergeRegionFacts } from '../facts/mergeRegionFacts.ts';
import { parseLambdaArn } from '../facts/parseLambdaArn.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import type { AccountFacts, IncompleteFact } from '../facts/types.ts';
import type { AuditContinuation, AuditTotals } from './AuditContinuation.ts';
import { chunkFindings, chunkRecords, makeChunk } from './auditChunk.ts';
import type { AuditChunk } from './auditChunk.ts';
import { PipelineError } from './errors.ts';
import type { HandlerConfig } from './HandlerConfig.ts';
import { readWatchedRegions } from './readWatchedRegions.ts';
import type { WatchedRegion } from './readWatchedRegions.ts';
import { reportedRoleKey } from './reportedRoleKey.ts';
import type { RoleFunctionIndex } from './RoleFunctionIndex.ts';

export interface AuditDeps {
  reader: AccountReader;
  sns: SNSClient;
  eventBridge: EventBridgeClient;
  config: Pick<HandlerConfig, 'findingsTopicArn' | 'trustedAccountIds' | 'alertMessageStructure'> & Partial<Pick<HandlerConfig, 'trustedOrgIds'>>;
  identity: AccountIdentity;
  /** Milliseconds left in this invocation (Lambda's `context.getRemainingTimeInMillis`). */
  remainingTimeMs: () => number;
  /** Starts a new invocation that carries on from the continuation (async self-invoke). */
  continueAudit: (continuation: AuditContinuation) => Promise<void>;
  log: (message: string, fields?: Record<string, unknown>) => void;
  auditFunctionName?: string;
  /** Functions per chunk (default 100: ~10 s of GetPolicy at the default 10 requests/s). */
  chunkSize?: number;
  /** Time kept free at the end of an invocation for the hand-over (default 90 s). */
  reserveMs?: number;
  now?: () => Date;
  /** The stack's mute list (MuteListParameter): muted findings are not published, only counted (`summary.muted`). */
  mutes?: Mute[];
  /**
   * Regions audited beside `identity.region` (WatchedRegions), each through `readerFor(region)`;
   * `reader` reads IAM for all of them, once. Default: the stack's region only.
   */
  regions?: readonly string[];
  readerFor?: (region: string) => AccountReader;
  /** Aliases and published versions read (AuditQualifiers); undefined: `$LATEST` only, no qualifier counts. */
  qualifiers?: QualifierMode;
  /** Gaps known before the audit began (the enabled regions could not be listed): reported with the first chunk. */
  gaps?: IncompleteFact[];
  /** The role index, filled from the last invocation's listing when the audit completes. */
  roleIndex?: RoleFunctionIndex;
  /**
   * Where the finished whole-account audit goes instead of its own digest: the organization audit
   * (runOrganizationAudit) collects each account's here and sends one digest for all of them.
   */
  deliverDigest?: (result: AuditResult, worstCaseFunctionArns: string[]) => Promise<SendResult>;
}

export type AuditResponse =
  | { status: 'complete'; auditId: string; invocations: number; summary: AuditSummary; digest: SendResult }
  | {
      status: 'continued';
      auditId: string;
      invocation: number;
      /** Where the next invocation resumes: after function `startAfter` of `region`. */
      region: string;
      startAfter: string;
      totals: Omit<AuditTotals, 'worst' | 'worstCaseFunctionArns'>;
    };

const WORST_KEPT = 10;
const WORST_CASE_ARNS_KEPT = 1_000;

export async function runAudit(request: AuditRequest & { continuation?: AuditContinuation }, deps: AuditDeps): Promise<AuditResponse> {
  const now = deps.now ?? (() => new Date());
  const home = deps.identity.region;
  const regions = [...new Set([home, ...(deps.regions ?? [])])].sort();
  if (request.functions !== undefined) return auditNamedFunctions(request.functions, deps, now);

  const previous = request.continuation;
  const auditId = previous?.auditId ?? randomUUID();
  const invocation = (previous?.invocation ?? 0) + 1;
  const startedAt = previous?.startedAt ?? now().toISOString();
  let totals = withRegionTotals(previous?.totals ?? emptyTotals(deps.qualifiers), regions);

  const watched = await readWatchedRegions(
    deps.reader,
    regions.map((region) => ({ region, reader: readerOf(deps, region) })),
    deps.qualifiers,
  );
  // Once per audit, judged with the account-level findings of its first chunk.
  const trail = previous === undefined ? await deps.reader.readTrailStatus?.() : undefined;
  const gaps = [...(deps.gaps ?? []), ...watched.flatMap((w) => (w.gap === undefined ? [] : [w.gap]))];
  // The region the previous invocation stopped in (an older continuation: the stack's, the only one then).
  const resumeRegion = previous === undefined ? undefined : (previous.region ?? home);
  const pending = pendingFunctions(watched, previous, resumeRegion);
  const reportedRoles = new Set(previous?.reportedRoles ?? []);
  const chunkSize = deps.chunkSize ?? 100;
  const reserveMs = deps.reserveMs ?? 90_000;

  let done = 0;
  let slowestChunkMs = 0;
  let mutedSoFar = previous?.totals.muted ?? 0;
  while (done < pending.length) {
    // Always make progress; afterwards stop while a chunk as slow as the slowest yet still fits.
    if (done > 0 && deps.remainingTimeMs() < reserveMs + slowestChunkMs * 1.5) {
      const last = pending[done - 1]!;
      const startAfter = last.fn.FunctionName;
      const region = last.region.region;
      const continuation: AuditContinuation = { auditId, region, startAfter, invocation, startedAt, totals, reportedRoles: [...reportedRoles] };
      await deps.continueAudit(continuation);
      deps.log('audit continues in a new invocation', { auditId, invocation, region, startAfter, remaining: pending.length - done });
      return { status: 'continued', auditId, invocation, region, startAfter, totals: countsOf(totals) };
    }
    const started = Date.now();
    const { region } = pending[done]!;
    // A chunk never spans regions: its locks are read through that region's reader.
    let end = done;
    while (end < pending.length && end - done < chunkSize && pending[end]!.region === region) end++;
    const functions = pending.slice(done, end).map((p) => p.fn);
    const firstOfAudit = previous === undefined && done === 0;
    // The first chunk of a region reports that region's account-level gaps (once, even across invocations).
    const firstOfRegion = (done === 0 || pending[done - 1]!.region !== region) && region.region !== resumeRegion;
    const { facts, chunk } = await chunkFacts(deps, region, functions, watched, reportedRoles, firstOfAudit || firstOfRegion, regions.length > 1);
    if (firstOfAudit) facts.incomplete.push(...gaps);
    const withTrailFacts = withTrail(facts, firstOfAudit ? trail : undefined);
    const result = evaluateAccount(withTrailFacts, await checkOptionsFor(deps.config, deps.reader, deps.identity.accountId));
    const arnsInChunk = new Set(functions.map((fn) => fn.FunctionArn));
    const mutes = applyMutes({ ...result, findings: chunkFindings(result.findings, chunk, arnsInChunk) }, deps.mutes ?? [], now());
    const findings = mutes.result.findings;
    await publishFindingEvents(deps.eventBridge, findings, { accountId: deps.identity.accountId, region: region.region });
    for (const role of chunk.ownedRoleArns) reportedRoles.add(reportedRoleKey(role));
    const risks = result.functions.filter((risk) => arnsInChunk.has(risk.functionArn));
    totals = addChunk(totals, findings, {
      functions: functions.length,
      roles: chunk.ownedRoleArns.size,
      worstCase: risks.filter((risk) => risk.worstCase).map((risk) => risk.functionArn),
      aliases: result.summary.aliasesEvaluated ?? 0,
      versions: result.summary.versionsEvaluated ?? 0,
      regions: totals.regions === undefined ? undefined : summarizeRegions({ findings, functions: risks, summary: result.summary }, regions),
    });
    // addChunk keeps the counts it knows; the muted count is carried beside them.
    mutedSoFar += mutes.muted.length;
    if (mutedSoFar > 0) totals = { ...totals, muted: mutedSoFar };
    done = end;
    slowestChunkMs = Math.max(slowestChunkMs, Date.now() - started);
  }

  // Every watched region's final listing; the index is vouched for only when every region was listed.
  if (deps.roleIndex !== undefined) {
    const listed = watched.flatMap((w) => w.core?.functions ?? []);
    await fillRoleIndex(deps.roleIndex, listed, watched.every((w) => w.core !== undefined), auditId, now, deps.log);
  }
  const summary = summaryOf(totals, deps.identity, regions);
  // Findings went to EventBridge chunk by chunk; the digest carries the counts and the worst.
  const digest =
    deps.deliverDigest === undefined
      ? await sendDigest(targetsOf(deps), { findings: totals.worst, functions: [], summary }, digestOptions(deps, now, false))
      : await deps.deliverDigest({ findings: totals.worst, functions: [], summary }, totals.worstCaseFunctionArns);
  deps.log('audit complete', { auditId, invocations: invocation, startedAt, regions, findings: summary.findings });
  return { status: 'complete', auditId, invocations: invocation, summary, digest };
}

/** The reader for a region's Lambda: the audit's own for its region, `readerFor` for the others. */
function readerOf(deps: AuditDeps, region: string): AccountReader {
  if (region === deps.identity.region) return deps.reader;
  if (deps.readerFor === undefined) throw new PipelineError(`The audit watches region ${region} but was given no reader for it (readerFor).`);
  return deps.readerFor(region);
}

interface PendingFunction {
  region: WatchedRegion;
  fn: FunctionConfigurationRecord;
}

/** Regions in name order, each region's functions in name order, from after the continuation's cursor. */
function pendingFunctions(watched: readonly WatchedRegion[], previous: AuditContinuation | undefined, resumeRegion: string | undefined): PendingFunction[] {
  const pending: PendingFunction[] = [];
  for (const region of watched) {
    if (region.core === undefined) continue;
    if (resumeRegion !== undefined && (previous?.region === undefined ? region.region !== resumeRegion : region.region < resumeRegion)) continue;
    const sorted = [...region.core.functions].sort((a, b) => (a.FunctionName < b.FunctionName ? -1 : a.FunctionName > b.FunctionName ? 1 : 0));
    for (const fn of sorted) {
      if (region.region === resumeRegion && fn.FunctionName <= (previous?.startAfter ?? '')) continue;
      pending.push({ region, fn });
    }
  }
  return pending;
}

/**
 * One chunk's facts: its functions with their locks, aliases and versions (read now, through their
 * region's reader), plus, without locks, every other function of the roles it owns in any watched
 * region, so a role is judged against all the functions it serves. Judged in the chunk's region.
 */
async function chunkFacts(
  deps: AuditDeps,
  region: WatchedRegion,
  functions: FunctionConfigurationRecord[],
  watched: readonly WatchedRegion[],
  reportedRoles: ReadonlySet<string>,
  reportsAccountFindings: boolean,
  severalRegions: boolean,
): Promise<{ facts: AccountFacts; chunk: AuditChunk }> {
  const core = region.core as CoreRecords;
  const names = new Set(functions.map((fn) => fn.FunctionName));
  // Only this chunk's versions: `all` would otherwise read every version's policy in every chunk.
  const pendingQualifiers = core.qualifiers === undefined ? undefined : { ...core.qualifiers, versions: core.qualifiers.versions.filter((v) => names.has(v.FunctionName)) };
  const qualified = await readQualifiers(region.reader, {
    functions,
    eventSourceMappings: core.eventSourceMappings,
    ...(pendingQualifiers === undefined ? {} : { qualifiers: pendingQualifiers }),
  });
  const locks = await readFunctionLocks(region.reader, functions, { urlConfigsFor: qualified.urlConfigsFor });
  const chunk = makeChunk(functions, reportedRoles, reportsAccountFindings, qualified.qualifiers?.versions ?? []);
  const all: AccountRecords = {
    ...core,
    ...locks,
    ...(qualified.qualifiers === undefined ? {} : { qualifiers: qualified.qualifiers }),
    problems: [...core.problems, ...qualified.problems, ...locks.problems],
  };
  const identity = { ...deps.identity, region: region.region };
  const facts = toAccountFacts(identity, chunkRecords(all, chunk));
  // Across regions an account-level gap says where (as the CLI's --regions report does).
  if (severalRegions) facts.incomplete = facts.incomplete.map((gap) => ({ ...gap, what: `${gap.what} in ${region.region}` }));
  for (const other of watched) {
    if (other === region || other.core === undefined) continue;
    const served = other.core.functions.filter((fn) => chunk.ownedRoleArns.has(fn.Role.toLowerCase()));
    if (served.length === 0) continue;
    const records: AccountRecords = {
      ...other.core,
      roles: other.core.roles.filter((role) => chunk.ownedRoleArns.has(role.Arn.toLowerCase())),
      functions: served,
      resourcePolicies: new Map(),
      urlConfigs: new Map(),
      problems: [],
    };
    delete records.qualifiers;
    facts.functions.push(...toAccountFacts({ ...deps.identity, region: other.region }, records).functions);
  }
  return { facts, chunk };
}

/**
 * The named functions, each read in the region its ARN names (a plain name: the stack's region),
 * IAM once; one report across those regions.
 */
async function auditNamedFunctions(names: string[], deps: AuditDeps, now: () => Date): Promise<AuditResponse> {
  const byRegion = new Map<string, string[]>();
  for (const name of names) {
    const region = parseLambdaArn(name)?.region ?? deps.identity.region;
    byRegion.set(region, [...(byRegion.get(region) ?? []), name]);
  }
  const regions = [...byRegion.keys()].sort();
  const readers = withSharedIam(regions.map((region) => readerOf(deps, region)), deps.reader);
  const options = deps.qualifiers === undefined ? {} : { qualifiers: deps.qualifiers };
  const perRegion = await Promise.all(
    regions.map(async (region, index) => {
      const records = await readAccountRecords(readers[index] as AccountReader, { ...options, functionNames: byRegion.get(region) ?? [] });
      return toAccountFacts({ ...deps.identity, region }, records);
    }),
  );
  const facts = withTrail(mergeRegionFacts(perRegion), await deps.reader.readTrailStatus?.());
  const evaluated = evaluateAccount(facts, await checkOptionsFor(deps.config, deps.reader, deps.identity.accountId));
  const { result } = applyMutes(evaluated, deps.mutes ?? [], now());
  if (regions.length > 1) result.summary.regions = summarizeRegions(result, regions);
  const digest = await sendDigest(targetsOf(deps), result, digestOptions(deps, now, true));
  return { status: 'complete', auditId: randomUUID(), invocations: 1, summary: result.summary, digest };
}

/**
 * Every function of the final listing under its role, then the marker that vouches for the index.
 * A failure leaves the marker as it was (entries are only added, so an older marker stays true) and
 * does not fail the audit: role changes list the region until an audit fills the index.
 */
async function fillRoleIndex(
  index: RoleFunctionIndex,
  functions: readonly { FunctionArn: string; Role: string }[],
  everyRegionListed: boolean,
  auditId: string,
  now: () => Date,
  log: AuditDeps['log'],
): Promise<void> {
  try {
    await index.add(functions.map((fn) => ({ roleArn: fn.Role, functionArn: fn.FunctionArn })));
    // A region that could not be listed may hide functions: leave the marker as it was.
    if (everyRegionListed) await index.markComplete(now(), auditId);
    log('role index filled', { auditId, functions: functions.length });
  } catch (error) {
    log('role index not filled: role changes list the region until an audit fills it', { auditId, error: error instanceof Error ? error.message : String(error) });
  }
}

/** The facts with the trail status, when it was read (the no-management-events-trail check judges it). */
function withTrail(facts: AccountFacts, trail: TrailStatusRecord | undefined): AccountFacts {
  return trail === undefined ? facts : { ...facts, trail };
}

function targetsOf(deps: AuditDeps): SendTargets {
  return { sns: deps.sns, eventBridge: deps.eventBridge, topicArn: deps.config.findingsTopicArn, messageStructure: deps.config.alertMessageStructure };
}

function digestOptions(deps: AuditDeps, now: () => Date, events: boolean): DigestOptions & { events: boolean } {
  const expiredMutes = (deps.mutes ?? []).filter((m) => isExpired(m, now()));
  return {
    generatedAt: now(),
    events,
    auditRegion: deps.identity.region,
    ...(deps.auditFunctionName === undefined ? {} : { auditFunctionName: deps.auditFunctionName }),
    ...(expiredMutes.length === 0 ? {} : { expiredMutes }),
  };
}

function emptyTotals(qualifiers: QualifierMode | undefined): AuditTotals {
  return {
    ...(qualifiers === undefined ? {} : { qualifiers, aliasesEvaluated: 0, versionsEvaluated: 0 }),
    functionsEvaluated: 0,
    rolesEvaluated: 0,
    findings: 0,
    worstCaseFunctions: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byCheck: Object.fromEntries(CHECKS.map((check) => [check.metadata.id, 0])),
    worst: [],
    worstCaseFunctionArns: [],
  };
}

/** Across regions: a count for each watched region (zero for one not audited yet, or never readable). */
function withRegionTotals(totals: AuditTotals, regions: readonly string[]): AuditTotals {
  if (regions.length === 1) return totals;
  const zero = { functionsEvaluated: 0, findings: 0, worstCaseFunctions: 0 };
  return { ...totals, regions: Object.fromEntries(regions.map((region) => [region, totals.regions?.[region] ?? zero])) };
}

interface ChunkCounts {
  functions: number;
  roles: number;
  worstCase: string[];
  aliases: number;
  versions: number;
  /** This chunk's counts per region, when the audit watches several. */
  regions: Record<string, RegionSummary> | undefined;
}

function addChunk(totals: AuditTotals, findings: Finding[], chunk: ChunkCounts): AuditTotals {
  const bySeverity = { ...totals.bySeverity };
  const byCheck = { ...totals.byCheck };
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byCheck[finding.checkId] = (byCheck[finding.checkId] ?? 0) + 1;
  }
  const worstCaseFunctionArns = [...totals.worstCaseFunctionArns, ...chunk.worstCase].slice(0, WORST_CASE_ARNS_KEPT);
  const regions = totals.regions === undefined || chunk.regions === undefined ? undefined : addRegions(totals.regions, chunk.regions);
  return {
    ...totals,
    ...(totals.aliasesEvaluated === undefined ? {} : { aliasesEvaluated: totals.aliasesEvaluated + chunk.aliases }),
    ...(totals.versionsEvaluated === undefined ? {} : { versionsEvaluated: (totals.versionsEvaluated ?? 0) + chunk.versions }),
    ...(regions === undefined ? {} : { regions }),
    functionsEvaluated: totals.functionsEvaluated + chunk.functions,
    rolesEvaluated: totals.rolesEvaluated + chunk.roles,
    findings: totals.findings + findings.length,
    worstCaseFunctions: totals.worstCaseFunctions + chunk.worstCase.length,
    bySeverity,
    byCheck,
    worst: sortFindings([...totals.worst, ...findings], new Set(worstCaseFunctionArns)).slice(0, WORST_KEPT),
    worstCaseFunctionArns,
  };
}

function addRegions(totals: Record<string, RegionSummary>, chunk: Record<string, RegionSummary>): Record<string, RegionSummary> {
  return Object.fromEntries(
    Object.entries(totals).map(([region, counts]) => {
      const add = chunk[region];
      return [
        region,
        add === undefined
          ? counts
          : {
              functionsEvaluated: counts.functionsEvaluated + add.functionsEvaluated,
              findings: counts.findings + add.findings,
              worstCaseFunctions: counts.worstCaseFunctions + add.worstCaseFunctions,
            },
      ];
    }),
  );
}

/** The running counts without what is carried only to rank the digest. */
function countsOf(totals: AuditTotals): Omit<AuditTotals, 'worst' | 'worstCaseFunctionArns'> {
  const { worst: _worst, worstCaseFunctionArns: _arns, ...counts } = totals;
  return counts;
}

/** `region` lists the regions audited, comma-separated (as the CLI's --regions report), `regions` counts each. */
function summaryOf(totals: AuditTotals, identity: AccountIdentity, regions: readonly string[]): AuditSummary {
  return { accountId: identity.accountId, region: regions.join(','), ...countsOf(totals) };
}
