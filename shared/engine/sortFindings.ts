import type { Finding } from '../checks/types.ts';
import { severityRank } from './severityRank.ts';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The report order: findings that affect a worst-case function first, then severity (critical
 * first), check id, resource ARN, and detail so that equal inputs always print identically.
 */
export function sortFindings(findings: readonly Finding[], worstCaseFunctionArns: ReadonlySet<string>): Finding[] {
  const keyed = findings.map((finding) => ({
    finding,
    worst: finding.functionArns.some((arn) => worstCaseFunctionArns.has(arn)) ? 0 : 1,
    severity: severityRank(finding.severity),
  }));
  keyed.sort(
    (a, b) =>
      a.worst - b.worst ||
      a.severity - b.severity ||
      byString(a.finding.checkId, b.finding.checkId) ||
      byString(a.finding.resourceArn, b.finding.resourceArn) ||
      byString(a.finding.detail, b.finding.detail),
  );
  return keyed.map((k) => k.finding);
}
