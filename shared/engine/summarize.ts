import { SEVERITIES, type Finding, type Severity } from '../checks/types.ts';
import type { AuditSummary } from './AuditResult.ts';

export interface SummaryScope {
  accountId: string;
  region: string;
  functionsEvaluated: number;
  rolesEvaluated: number;
  worstCaseFunctions: number;
  /** Check ids listed with 0 when they found nothing, so the summary's keys do not depend on the account. */
  checkIds: readonly string[];
}

/** Counts findings by severity (every severity present) and by check id. */
export function summarize(findings: readonly Finding[], scope: SummaryScope): AuditSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byCheck: Record<string, number> = Object.fromEntries(scope.checkIds.map((id) => [id, 0]));
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byCheck[finding.checkId] = (byCheck[finding.checkId] ?? 0) + 1;
  }
  return {
    accountId: scope.accountId,
    region: scope.region,
    functionsEvaluated: scope.functionsEvaluated,
    rolesEvaluated: scope.rolesEvaluated,
    findings: findings.length,
    bySeverity,
    byCheck,
    worstCaseFunctions: scope.worstCaseFunctions,
  };
}
