import type { Severity } from '../checks/types.ts';
import type { AuditResult } from './AuditResult.ts';
import { isAtLeast } from './severityRank.ts';
import { summarize } from './summarize.ts';

/**
 * The result with only findings at or above `min` (`--min-severity`); the summary counts what is
 * kept. Per-function risks are kept whole: they describe the functions, not the filter.
 */
export function filterBySeverity(result: AuditResult, min: Severity): AuditResult {
  const findings = result.findings.filter((f) => isAtLeast(f.severity, min));
  return {
    findings,
    functions: result.functions,
    // Spread first: fields summarize does not compute (e.g. `qualifiers`) are kept as they were.
    summary: { ...result.summary, ...summarize(findings, { ...result.summary, checkIds: Object.keys(result.summary.byCheck) }) },
  };
}
