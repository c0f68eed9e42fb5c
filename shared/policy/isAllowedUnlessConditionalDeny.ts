import type { EvaluationResult } from './EvaluationResult.ts';

/**
 * For admin/escalation checks: allowed unconditionally by identity (and boundary), and no
 * unconditional Deny. A Deny whose condition Keycard cannot judge is never a safeguard, so it is ignored.
 */
export function isAllowedUnlessConditionalDeny(r: EvaluationResult): boolean {
  if (r.identity.allow !== 'unconditional' || r.identity.deny === 'unconditional') return false;
  if (r.boundary && (r.boundary.allow !== 'unconditional' || r.boundary.deny === 'unconditional')) return false;
  return true;
}
