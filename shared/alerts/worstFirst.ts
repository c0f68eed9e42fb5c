import type { Finding } from '../checks/types.ts';
import { severityRank } from '../engine/severityRank.ts';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Most severe first, then check id and resource ARN: a stable order for subjects and bodies. */
export function worstFirst(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      byString(a.checkId, b.checkId) ||
      byString(a.resourceArn, b.resourceArn) ||
      byString(a.detail, b.detail),
  );
}
