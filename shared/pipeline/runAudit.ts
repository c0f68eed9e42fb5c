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
import { readAccountRecords } from '../account/readAccountRecords.ts';
import type { FunctionConfigurationRecord, QualifierMode } from '../account/records.ts';
import { withSharedIam } from '../account/withSharedIam.ts';
import { publishFindingEvents } from '../alerts/publishFindingEvents.ts';
import type { DigestOptions } from '../alerts/renderDigest.ts';
import { sendDigest } from '../alerts/sendDigest.ts';
import type { SendResult, SendTargets } from '../alerts/sendFindings.ts';
import type { AuditResult, AuditSummary } from '../engine/AuditResult.ts';
import { applyMutes, isExpired } from '../engine/applyMutes.ts';
import { evaluateAccount } from '../engine/evaluateAccount.ts';
import type { Mute } from '../engine/MuteList.ts';
import { summarizeRegions } from '../engine/summarizeRegions.ts';
import { checkOptionsFor } from './checkOptionsFor.ts';
import type { AuditRequest } from '../events/parseAuditRequest.ts';
import { mergeRegionFacts } from '../facts/mergeRegionFacts.ts';
import { parseLambdaArn } from '../facts/parseLambdaArn.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import type { AccountFacts, IncompleteFact, TrailFacts } from '../facts/types.ts';
import type { AuditContinuation, AuditTotals } from './AuditContinuation.ts';
import { chunkFindings } from './auditChunk.ts';
import { addChunk, countsOf, emptyTotals, summaryOf, withRegionTotals } from './auditTotals.ts';
import { PipelineError } from './errors.ts';
import type { HandlerConfig } from './HandlerConfig.ts';
import { readChunkFacts } from './readChunkFacts.ts';
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
  // Once per audit, every watched region's own trails, judged with the account-level findings of its first chunk.
  const trails = previous === undefined ? await readTrails(deps, regions) : undefined;
  const gaps = [...(deps.gaps ?? []), ...watched.flatMap((w) => (w.gap === undefined ? [] : [w.gap]))];
  // The region the previous invocation stopped in (an older continuation: the stack's, the only one then).
  const resumeRegion = previous === undefined ? undefined : (previous.region ?? home);
  const pending = pendingFunctions(watched, previous, resumeRegion);
  const reportedRoles = new Set(previous?.reportedRoles ?? []);
  const chunkSize = deps.chunkSize ?? 100;
  const reserveMs = deps.reserveMs ?? 90_000;

  let done = 0;
  let slowestChunkMs = 0;
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
    const { facts, chunk } = await readChunkFacts(deps.identity, region, functions, watched, reportedRoles, firstOfAudit || firstOfRegion, regions.length > 1);
    if (firstOfAudit) facts.incomplete.push(...gaps);
    const withTrailFacts = withTrails(facts, firstOfAudit ? trails : undefined);
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
      muted: mutes.muted.length,
    });
    done = end;
    slowestChunkMs = Math.max(slowestChunkMs, Date.now() - started);
  }
  // No function anywhere: the account-level findings (no trail, a region that could not be listed)
  // still have to be told, by the chunk the account never had.
  if (previous === undefined && pending.length === 0) {
    const facts = withTrails({ ...deps.identity, roles: new Map(), functions: [], incomplete: gaps }, trails);
    const result = evaluateAccount(facts, await checkOptionsFor(deps.config, deps.reader, deps.identity.accountId));
    const mutes = applyMutes(result, deps.mutes ?? [], now());
    await publishFindingEvents(deps.eventBridge, mutes.result.findings, { accountId: deps.identity.accountId, region: home });
    totals = addChunk(totals, mutes.result.findings, { functions: 0, roles: 0, worstCase: [], aliases: 0, versions: 0, regions: undefined, muted: mutes.muted.length });
  }

  // Every watched region's final listing; the index is vouched for only when every region was listed.
  if (deps.roleIndex !== undefined) {
    const listed = watched.flatMap((w) => w.core?.functions ?? []);
    await fillRoleIndex(deps.roleIndex, listed, watched.every((w) => w.core !== undefined) ? regions : undefined, auditId, now, deps.log);
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
  // Judged in the stack's region (roles are probed there); the trails of the stack's region and of
  // every region read; the summary still lists every region read.
  const trailRegions = [...new Set([deps.identity.region, ...regions])].sort();
  const facts = withTrails({ ...mergeRegionFacts(perRegion), region: deps.identity.region }, await readTrails(deps, trailRegions));
  const evaluated = evaluateAccount(facts, await checkOptionsFor(deps.config, deps.reader, deps.identity.accountId));
  const { result } = applyMutes(evaluated, deps.mutes ?? [], now());
  if (regions.length > 1) result.summary = { ...result.summary, region: regions.join(','), regions: summarizeRegions(result, regions) };
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
  /** The regions listed, when every watched region was; undefined when one could not be. */
  listedRegions: readonly string[] | undefined,
  auditId: string,
  now: () => Date,
  log: AuditDeps['log'],
): Promise<void> {
  try {
    await index.add(functions.map((fn) => ({ roleArn: fn.Role, functionArn: fn.FunctionArn })));
    // A region that could not be listed may hide functions: leave the marker as it was.
    if (listedRegions !== undefined) await index.markComplete(now(), auditId, listedRegions);
    log('role index filled', { auditId, functions: functions.length });
  } catch (error) {
    log('role index not filled: role changes list the region until an audit fills it', { auditId, error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Whether a trail delivers each region's management events, asked of that region's reader (DescribeTrails
 * and GetTrailStatus answer for the endpoint's region). A reader that cannot be asked says nothing.
 */
async function readTrails(deps: AuditDeps, regions: readonly string[]): Promise<TrailFacts[] | undefined> {
  const read = await Promise.all(
    regions.map(async (region) => {
      const status = await readerOf(deps, region).readTrailStatus?.();
      return status === undefined ? undefined : { ...status, region };
    }),
  );
  const trails = read.filter((t) => t !== undefined);
  return trails.length === 0 ? undefined : trails;
}

/** The facts with the trail statuses, when read (the no-management-events-trail check judges them). */
function withTrails(facts: AccountFacts, trails: TrailFacts[] | undefined): AccountFacts {
  return trails === undefined ? facts : { ...facts, trails };
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
