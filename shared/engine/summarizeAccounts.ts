import { SEVERITIES } from '../checks/types.ts';
import type { Severity } from '../checks/types.ts';
import type { AccountSummary, AuditResult } from './AuditResult.ts';
import { compareAccountRisk } from './compareAccountRisk.ts';

/** What the CLI knows of each account before counting: audited, unreadable (and why) or skipped (and why). */
export interface AccountStanding {
  accountId: string;
  name?: string;
  status: AccountSummary['status'];
  state?: string;
  reason?: string;
}

/**
 * Per-account counts for a report across accounts, from the findings and functions shown (so they
 * agree with the report after --min-severity and mutes), worst first (compareAccountRisk); skipped
 * accounts last. Ties keep the given order.
 */
export function summarizeAccounts(result: AuditResult, standings: readonly AccountStanding[]): AccountSummary[] {
  const summaries = new Map<string, AccountSummary>();
  for (const standing of standings) {
    summaries.set(standing.accountId, {
      ...standing,
      functionsEvaluated: 0,
      findings: 0,
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
      worstCaseFunctions: 0,
    });
  }
  for (const fn of result.functions) {
    const entry = fn.accountId === undefined ? undefined : summaries.get(fn.accountId);
    if (entry === undefined) continue;
    entry.functionsEvaluated += 1;
    if (fn.worstCase) entry.worstCaseFunctions += 1;
  }
  for (const finding of result.findings) {
    const entry = finding.accountId === undefined ? undefined : summaries.get(finding.accountId);
    if (entry === undefined) continue;
    entry.findings += 1;
    entry.bySeverity[finding.severity] += 1;
  }
  // `findings` is the sum of `bySeverity`, so compareAccountRisk already orders by it.
  return [...summaries.values()].sort((a, b) => Number(a.status === 'skipped') - Number(b.status === 'skipped') || compareAccountRisk(a, b));
}
