import type { AuditResult, FunctionRisk } from './AuditResult.ts';
import { sortFindings } from './sortFindings.ts';
import { summarize } from './summarize.ts';

/**
 * One result across accounts (`keycard audit --live --org`), from each account's own evaluation:
 * every finding and function carries its `accountId`; findings in the report order (worst-case
 * functions of any account first), functions by risk. The summary adds up the accounts; its
 * `accountId` lists them, comma-separated (as `region` does across regions), and `region` is the
 * regions' union. Per-account counts come later, from what is shown (summarizeAccounts).
 */
export function mergeAccountResults(results: readonly AuditResult[]): AuditResult {
  const findings = results.flatMap((r) => r.findings.map((f) => ({ ...f, accountId: r.summary.accountId })));
  const functions: FunctionRisk[] = results.flatMap((r) => r.functions.map((fn) => ({ ...fn, accountId: r.summary.accountId })));
  // Stable: equal scores keep the accounts' order.
  functions.sort((a, b) => b.riskScore - a.riskScore);
  const worstCase = new Set(functions.flatMap((f) => [f, ...(f.qualifiers ?? [])]).filter((f) => f.worstCase).map((f) => f.functionArn));
  const sum = (pick: (r: AuditResult) => number | undefined): number => results.reduce((total, r) => total + (pick(r) ?? 0), 0);
  const checkIds = [...new Set(results.flatMap((r) => Object.keys(r.summary.byCheck)))];
  const summary = summarize(findings, {
    accountId: results.map((r) => r.summary.accountId).join(','),
    region: [...new Set(results.flatMap((r) => r.summary.region.split(',')))].join(','),
    functionsEvaluated: sum((r) => r.summary.functionsEvaluated),
    rolesEvaluated: sum((r) => r.summary.rolesEvaluated),
    worstCaseFunctions: sum((r) => r.summary.worstCaseFunctions),
    checkIds,
  });
  const qualifiers = results.find((r) => r.summary.qualifiers !== undefined)?.summary.qualifiers;
  if (qualifiers !== undefined) {
    summary.qualifiers = qualifiers;
    summary.aliasesEvaluated = sum((r) => r.summary.aliasesEvaluated);
    summary.versionsEvaluated = sum((r) => r.summary.versionsEvaluated);
  }
  return { findings: sortFindings(findings, worstCase), functions, summary };
}
