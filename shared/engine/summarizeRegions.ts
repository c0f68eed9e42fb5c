import type { AuditResult, RegionSummary } from './AuditResult.ts';

/**
 * Counts per region for a report across regions (`--regions`): functions evaluated, findings that
 * affect a function there (a role finding counts in every region whose functions use the role) and
 * worst-case functions. Regions come from the function ARNs.
 */
export function summarizeRegions(result: AuditResult, regions: readonly string[]): Record<string, RegionSummary> {
  const regionOf = (arn: string): string | undefined => arn.split(':')[3];
  const summary: Record<string, RegionSummary> = {};
  for (const region of regions) summary[region] = { functionsEvaluated: 0, findings: 0, worstCaseFunctions: 0 };
  for (const fn of result.functions) {
    const entry = summary[regionOf(fn.functionArn) ?? ''];
    if (entry === undefined) continue;
    entry.functionsEvaluated += 1;
    if (fn.worstCase) entry.worstCaseFunctions += 1;
  }
  for (const finding of result.findings) {
    const touched = new Set(finding.functionArns.map(regionOf).filter((r) => r !== undefined));
    for (const region of touched) {
      const entry = summary[region];
      if (entry !== undefined) entry.findings += 1;
    }
  }
  return summary;
}
