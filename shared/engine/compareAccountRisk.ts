import { SEVERITIES } from '../checks/types.ts';
import type { Severity } from '../checks/types.ts';

/**
 * Which of two accounts is worse, for every report that lists accounts worst first (the CLI's
 * `--org` table, the hub's digest): more worst-case functions, then more findings of each severity
 * from critical down. Negative when `a` is worse; 0 when they tie (each caller breaks ties its way).
 */
export function compareAccountRisk(
  a: { worstCaseFunctions: number; bySeverity: Record<Severity, number> },
  b: { worstCaseFunctions: number; bySeverity: Record<Severity, number> },
): number {
  if (a.worstCaseFunctions !== b.worstCaseFunctions) return b.worstCaseFunctions - a.worstCaseFunctions;
  for (const severity of SEVERITIES) {
    const difference = b.bySeverity[severity] - a.bySeverity[severity];
    if (difference !== 0) return difference;
  }
  return 0;
}
