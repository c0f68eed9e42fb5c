/**
 * The audit: the whole region with the bulk reader (IAM in GetAccountAuthorizationDetails pages,
 * one GetPolicy per function), or the functions a manual invocation names. An account whose reads
 * alone outlast one invocation is audited in chunks: when time runs short the audit hands a small
 * continuation to a new invocation of itself, which resumes after the last function done.
 * A complete audit of the region also fills the role index with every function it listed and then
 * vouches for it (markComplete), so role changes can find their functions without a listing.
 */
import { randomUUID } from 'node:crypto';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords, readCoreRecords, readFunctionLocks } from '../account/readAccountRecords.ts';
import type { TrailStatusRecord } from '../account/records.ts';
import { publishFindingEvents } from '../alerts/publishFindingEvents.ts';
import type { DigestOptions } from '../alerts/renderDigest.ts';
import { sendDigest } from '../alerts/sendDigest.ts';
import type { SendResult, SendTargets } from '../alerts/sendFindings.ts';
import { CHECKS } from '../checks/registry.ts';
import { SEVERITIES } from '../checks/types.ts';
import type { Finding, Severity } from '../checks/types.ts';
import type { AuditSummary } from '../engine/AuditResult.ts';
import { applyMutes, isExpired } from '../engine/applyMutes.ts';
import { evaluateAccount } from '../engine/evaluateAccount.ts';
import type { Mute } from '../engine/MuteList.ts';
import { checkOptionsFor } from './checkOptionsFor.ts';
import { sortFindings } from '../engine/sortFindings.ts';
import type { AuditRequest } from '../events/parseAuditRequest.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import type { AccountFacts } from '../facts/types.ts';
import type { AuditContinuation, AuditTotals } from './AuditContinuation.ts';
import { chunkFindings, chunkRecords, makeChunk } from './auditChunk.ts';
import type { HandlerConfig } from './HandlerConfig.ts';
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
  /** The role index, filled from the last invocation's listing when the audit completes. */
  roleIndex?: RoleFunctionIndex;
}

export type AuditResponse =
  | { status: 'complete'; auditId: string; invocations: number; summary: AuditSummary; digest: SendResult }
  | { status: 'continued'; auditId: string; invocation: number; startAfter: string; totals: Omit<AuditTotals, 'worst' | 'worstCaseFunctionArns'> };

const WORST_KEPT = 10;
const WORST_CASE_ARNS_KEPT = 1_000;

export async function runAudit(request: AuditRequest & { continuation?: AuditContinuation }, deps: AuditDeps): Promise<AuditResponse> {
  const now = deps.now ?? (() => new Date());
  if (request.functions !== undefined) return auditNamedFunctions(request.functions, deps, now);

  const previous = request.continuation;
  const auditId = previous?.auditId ?? randomUUID();
  const invocation = (previous?.invocation ?? 0) + 1;
  const startedAt = previous?.startedAt ?? now().toISOString();
  let totals = previous?.totals ?? emptyTotals();

  const core = await readCoreRecords(deps.reader);
  // Once per audit, judged with the account-level findings of its first chunk.
  const trail = previous === undefined ? await deps.reader.readTrailStatus?.() : undefined;
  const sorted = [...core.functions].sort((a, b) => (a.FunctionName < b.FunctionName ? -1 : a.FunctionName > b.FunctionName ? 1 : 0));
  const reportedRoles = new Set(previous?.reportedRoles ?? []);
  const pending = previous === undefined ? sorted : sorted.filter((fn) => fn.FunctionName > previous.startAfter);
  const chunkSize = deps.chunkSize ?? 100;
  const reserveMs = deps.reserveMs ?? 90_000;

  let done = 0;
  let slowestChunkMs = 0;
  let mutedSoFar = previous?.totals.muted ?? 0;
  while (done < pending.length) {
    // Always make progress; afterwards stop while a chunk as slow as the slowest yet still fits.
    if (done > 0 && deps.remainingTimeMs() < reserveMs + slowestChunkMs * 1.5) {
      const startAfter = pending[done - 1]!.FunctionName;
      const continuation: AuditContinuation = { auditId, startAfter, invocation, startedAt, totals, reportedRoles: [...reportedRoles] };
      await deps.continueAudit(continuation);
      deps.log('audit continues in a new invocation', { auditId, invocation, startAfter, remaining: pending.length - done });
      return { status: 'continued', auditId, invocation, startAfter, totals: countsOf(totals) };
    }
    const started = Date.now();
    const functions = pending.slice(done, done + chunkSize);
    const chunk = makeChunk(functions, reportedRoles, previous === undefined && done === 0);
    const locks = await readFunctionLocks(deps.reader, functions);
    const records = chunkRecords({ ...core, ...locks, problems: [...core.problems, ...locks.problems] }, chunk);
    const facts = withTrail(toAccountFacts(deps.identity, records), chunk.reportsAccountFindings ? trail : undefined);
    const result = evaluateAccount(facts, await checkOptionsFor(deps.config, deps.reader, deps.identity.accountId));
    const arnsInChunk = new Set(functions.map((fn) => fn.FunctionArn));
    const mutes = applyMutes({ ...result, findings: chunkFindings(result.findings, chunk, arnsInChunk) }, deps.mutes ?? [], now());
    const findings = mutes.result.findings;
    await publishFindingEvents(deps.eventBridge, findings, { accountId: deps.identity.accountId, region: deps.identity.region });
    for (const role of chunk.ownedRoleArns) reportedRoles.add(reportedRoleKey(role));
    totals = addChunk(totals, findings, {
      functions: functions.length,
      roles: chunk.ownedRoleArns.size,
      worstCase: result.functions.filter((risk) => risk.worstCase && arnsInChunk.has(risk.functionArn)).map((risk) => risk.functionArn),
    });
    // addChunk keeps the counts it knows; the muted count is carried beside them.
    mutedSoFar += mutes.muted.length;
    if (mutedSoFar > 0) totals = { ...totals, muted: mutedSoFar };
    done += functions.length;
    slowestChunkMs = Math.max(slowestChunkMs, Date.now() - started);
  }

  if (deps.roleIndex !== undefined) await fillRoleIndex(deps.roleIndex, core.functions, auditId, now, deps.log);
  const summary = summaryOf(totals, deps.identity);
  // Findings went to EventBridge chunk by chunk; the digest carries the counts and the worst.
  const digest = await sendDigest(targetsOf(deps), { findings: totals.worst, functions: [], summary }, digestOptions(deps, now, false));
  deps.log('audit complete', { auditId, invocations: invocation, startedAt, findings: summary.findings });
  return { status: 'complete', auditId, invocations: invocation, summary, digest };
}

async function auditNamedFunctions(names: string[], deps: AuditDeps, now: () => Date): Promise<AuditResponse> {
  const records = await readAccountRecords(deps.reader, { functionNames: names });
  const facts = withTrail(toAccountFacts(deps.identity, records), await deps.reader.readTrailStatus?.());
  const evaluated = evaluateAccount(facts, await checkOptionsFor(deps.config, deps.reader, deps.identity.accountId));
  const { result } = applyMutes(evaluated, deps.mutes ?? [], now());
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
  auditId: string,
  now: () => Date,
  log: AuditDeps['log'],
): Promise<void> {
  try {
    await index.add(functions.map((fn) => ({ roleArn: fn.Role, functionArn: fn.FunctionArn })));
    await index.markComplete(now(), auditId);
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
    ...(deps.auditFunctionName === undefined ? {} : { auditFunctionName: deps.auditFunctionName }),
    ...(expiredMutes.length === 0 ? {} : { expiredMutes }),
  };
}

function emptyTotals(): AuditTotals {
  return {
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

function addChunk(totals: AuditTotals, findings: Finding[], chunk: { functions: number; roles: number; worstCase: string[] }): AuditTotals {
  const bySeverity = { ...totals.bySeverity };
  const byCheck = { ...totals.byCheck };
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byCheck[finding.checkId] = (byCheck[finding.checkId] ?? 0) + 1;
  }
  const worstCaseFunctionArns = [...totals.worstCaseFunctionArns, ...chunk.worstCase].slice(0, WORST_CASE_ARNS_KEPT);
  return {
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

/** The running counts without what is carried only to rank the digest. */
function countsOf(totals: AuditTotals): Omit<AuditTotals, 'worst' | 'worstCaseFunctionArns'> {
  const { worst: _worst, worstCaseFunctionArns: _arns, ...counts } = totals;
  return counts;
}

function summaryOf(totals: AuditTotals, identity: AccountIdentity): AuditSummary {
  return { accountId: identity.accountId, region: identity.region, ...countsOf(totals) };
}
