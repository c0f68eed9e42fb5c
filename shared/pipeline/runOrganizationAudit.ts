/**
 * The audit of an organization (the hub, OrganizationMode=true): runAudit once per account, through
 * a reader on that account's read role, a few accounts at a time, then one digest with every
 * account's totals, worst account first. An account that cannot be read (its role cannot be assumed,
 * a read is denied, it is suspended) is listed as unreadable with the reason: never skipped. When the
 * invocation's time runs short, accounts not started wait and started ones hand over their own
 * continuation; the next invocation of the audit function carries on from there.
 */
import { randomUUID } from 'node:crypto';
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { forEachConcurrently } from '../account/forEachConcurrently.ts';
import { sendDigest } from '../alerts/sendDigest.ts';
import type { SendResult } from '../alerts/sendFindings.ts';
import type { Finding } from '../checks/types.ts';
import { SEVERITIES } from '../checks/types.ts';
import type { AccountAuditLine } from '../engine/AccountAuditLine.ts';
import type { AuditResult, AuditSummary } from '../engine/AuditResult.ts';
import { isExpired } from '../engine/applyMutes.ts';
import { worstAccountsFirst } from '../engine/worstAccountsFirst.ts';
import type { AuditContinuation } from './AuditContinuation.ts';
import type { OrganizationAccount, OrganizationAuditContinuation } from './OrganizationAuditContinuation.ts';
import { keepWorst } from './keepWorst.ts';
import type { WorstKept } from './keepWorst.ts';
import { runAudit } from './runAudit.ts';
import type { AuditDeps } from './runAudit.ts';

export interface OrganizationAuditDeps extends Omit<AuditDeps, 'reader' | 'identity' | 'continueAudit' | 'deliverDigest'> {
  /** The hub's own account and region; every account is audited in this region. */
  hub: AccountIdentity;
  /** The accounts to audit, asked once per audit (Organizations, or OrganizationAccountIds). */
  listAccounts: () => Promise<OrganizationAccount[]>;
  /** A reader for an account: the hub's own credentials for the hub, its read role for the others. */
  readerFor: (accountId: string) => AccountReader;
  /** The member read role's name, for the message when it cannot be assumed. */
  readRoleName: string;
  /** Accounts audited at the same time. */
  concurrency: number;
  continueAudit: (continuation: OrganizationAuditContinuation) => Promise<void>;
  /** No new account is started with less time left than this (default: twice reserveMs). */
  startAccountMs?: number;
  /** What one account's audit reads beyond the defaults: its regions and their readers, qualifiers, the role index (the hub's only). */
  accountOptions?: (accountId: string) => Pick<AuditDeps, 'regions' | 'readerFor' | 'qualifiers' | 'gaps' | 'roleIndex'>;
}

export type OrganizationAuditResponse =
  | { status: 'complete'; auditId: string; invocations: number; accounts: AccountAuditLine[]; summary: AuditSummary; digest: SendResult }
  | { status: 'continued'; auditId: string; invocation: number; accountsDone: number; accountsLeft: number };

type AccountOutcome =
  | { kind: 'done'; line: AccountAuditLine; byCheck: Record<string, number>; worst: Finding[]; worstCaseFunctionArns: string[] }
  | { kind: 'continued'; continuation: AuditContinuation }
  | { kind: 'not started' };

export async function runOrganizationAudit(
  request: { continuation?: OrganizationAuditContinuation },
  deps: OrganizationAuditDeps,
): Promise<OrganizationAuditResponse> {
  const now = deps.now ?? (() => new Date());
  const previous = request.continuation;
  const auditId = previous?.auditId ?? randomUUID();
  const invocation = (previous?.invocation ?? 0) + 1;
  const startedAt = previous?.startedAt ?? now().toISOString();
  const accounts = previous?.accounts ?? (await deps.listAccounts());
  const carried = new Map((previous?.inProgress ?? []).map((p) => [p.accountId, p.continuation]));
  const finished = new Set((previous?.done ?? []).map((line) => line.accountId));
  // Started accounts first: they hold partial results, and their next chunk is due.
  const queue = [...accounts.filter((a) => carried.has(a.id)), ...accounts.filter((a) => !carried.has(a.id) && !finished.has(a.id))];
  const startAccountMs = deps.startAccountMs ?? 2 * (deps.reserveMs ?? 90_000);

  const outcomes = new Map<string, AccountOutcome>();
  let started = 0;
  await forEachConcurrently(queue, deps.concurrency, async (account) => {
    const continuation = carried.get(account.id);
    // Always make progress: the first account of an invocation starts whatever the time.
    if (continuation === undefined && started > 0 && deps.remainingTimeMs() < startAccountMs) {
      outcomes.set(account.id, { kind: 'not started' });
      return;
    }
    started += 1;
    outcomes.set(account.id, await auditAccount(account, continuation, deps));
  });

  const done = [...(previous?.done ?? [])];
  const byCheck = { ...(previous?.byCheck ?? {}) };
  let kept: WorstKept = { worst: previous?.worst ?? [], worstCaseFunctionArns: previous?.worstCaseFunctionArns ?? [] };
  const inProgress: OrganizationAuditContinuation['inProgress'] = [];
  for (const account of queue) {
    const outcome = outcomes.get(account.id)!;
    if (outcome.kind === 'continued') inProgress.push({ accountId: account.id, continuation: outcome.continuation });
    if (outcome.kind !== 'done') continue;
    done.push(outcome.line);
    for (const [checkId, count] of Object.entries(outcome.byCheck)) byCheck[checkId] = (byCheck[checkId] ?? 0) + count;
    kept = keepWorst(kept, outcome.worst, outcome.worstCaseFunctionArns);
  }

  const left = accounts.length - done.length;
  if (left > 0) {
    const next: OrganizationAuditContinuation = { auditId, invocation, startedAt, accounts, done, inProgress, byCheck, ...kept };
    await deps.continueAudit(next);
    deps.log('organization audit continues in a new invocation', { auditId, invocation, accountsDone: done.length, accountsLeft: left });
    return { status: 'continued', auditId, invocation, accountsDone: done.length, accountsLeft: left };
  }

  const lines = worstAccountsFirst(done);
  const summary = organizationSummary(lines, byCheck, deps.hub);
  const expiredMutes = (deps.mutes ?? []).filter((m) => isExpired(m, now()));
  // Each account's findings went to EventBridge chunk by chunk (runAudit): the digest carries counts and the worst.
  const digest = await sendDigest(
    { sns: deps.sns, eventBridge: deps.eventBridge, topicArn: deps.config.findingsTopicArn, messageStructure: deps.config.alertMessageStructure },
    { findings: kept.worst, functions: [], summary },
    {
      generatedAt: now(),
      events: false,
      accounts: lines,
      ...(deps.auditFunctionName === undefined ? {} : { auditFunctionName: deps.auditFunctionName }),
      ...(expiredMutes.length === 0 ? {} : { expiredMutes }),
    },
  );
  deps.log('organization audit complete', { auditId, invocations: invocation, accounts: lines.length, unreadable: lines.filter((l) => l.status === 'unreadable').length, findings: summary.findings });
  return { status: 'complete', auditId, invocations: invocation, accounts: lines, summary, digest };
}

/** One account's runAudit, its continuation captured instead of invoked, its digest taken for the organization's. */
async function auditAccount(account: OrganizationAccount, continuation: AuditContinuation | undefined, deps: OrganizationAuditDeps): Promise<AccountOutcome> {
  if (account.status !== undefined && account.status !== 'ACTIVE') {
    return unreadable(account, `the account is ${account.status} in AWS Organizations, so it cannot be read`);
  }
  let handedOver: AuditContinuation | undefined;
  let finished: { result: AuditResult; worstCaseFunctionArns: string[] } | undefined;
  try {
    const { hub, listAccounts: _list, readerFor, readRoleName: _role, concurrency: _c, continueAudit: _next, startAccountMs: _start, accountOptions, ...shared } = deps;
    const response = await runAudit(continuation === undefined ? {} : { continuation }, {
      ...shared,
      ...accountOptions?.(account.id),
      reader: readerFor(account.id),
      identity: { accountId: account.id, region: hub.region, partition: hub.partition },
      continueAudit: async (next) => {
        handedOver = next;
      },
      deliverDigest: async (result, worstCaseFunctionArns) => {
        finished = { result, worstCaseFunctionArns };
        return { sent: false, reason: 'in the organization digest' };
      },
    });
    if (response.status === 'continued' && handedOver !== undefined) return { kind: 'continued', continuation: handedOver };
    if (finished === undefined) throw new Error('the account audit ended without a result');
    const { summary, findings } = finished.result;
    return {
      kind: 'done',
      line: {
        accountId: account.id,
        ...(account.name === undefined ? {} : { name: account.name }),
        status: 'audited',
        functionsEvaluated: summary.functionsEvaluated,
        rolesEvaluated: summary.rolesEvaluated,
        findings: summary.findings,
        bySeverity: summary.bySeverity,
        worstCaseFunctions: summary.worstCaseFunctions,
        ...(summary.muted === undefined ? {} : { muted: summary.muted }),
      },
      byCheck: summary.byCheck,
      worst: findings,
      worstCaseFunctionArns: finished.worstCaseFunctionArns,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log('account could not be audited', { accountId: account.id, error: message });
    const hint = /AssumeRole|not authorized|AccessDenied|credential/i.test(message) && account.id !== deps.hub.accountId
      ? ` Is templates/organization-member.yaml deployed there, with its ${deps.readRoleName} trusting this hub's roles (docs/organization.md)?`
      : '';
    return unreadable(account, `${message}${hint}`);
  }
}

function unreadable(account: OrganizationAccount, reason: string): AccountOutcome {
  return {
    kind: 'done',
    line: {
      accountId: account.id,
      ...(account.name === undefined ? {} : { name: account.name }),
      status: 'unreadable',
      reason,
      functionsEvaluated: 0,
      rolesEvaluated: 0,
      findings: 0,
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as AccountAuditLine['bySeverity'],
      worstCaseFunctions: 0,
    },
    byCheck: {},
    worst: [],
    worstCaseFunctionArns: [],
  };
}

/** The organization's totals; `accountId` is the hub's (where the digest comes from). */
function organizationSummary(lines: AccountAuditLine[], byCheck: Record<string, number>, hub: AccountIdentity): AuditSummary {
  const sum = (pick: (line: AccountAuditLine) => number) => lines.reduce((total, line) => total + pick(line), 0);
  const muted = sum((line) => line.muted ?? 0);
  return {
    accountId: hub.accountId,
    region: hub.region,
    functionsEvaluated: sum((l) => l.functionsEvaluated),
    rolesEvaluated: sum((l) => l.rolesEvaluated),
    findings: sum((l) => l.findings),
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, sum((l) => l.bySeverity[s])])) as AuditSummary['bySeverity'],
    byCheck,
    worstCaseFunctions: sum((l) => l.worstCaseFunctions),
    ...(muted > 0 ? { muted } : {}),
  };
}
