/**
 * The "after" of a remediation: the handler re-reads the function and role (fresh from IAM) and
 * passes them here. IAM is eventually consistent, so an unresolved `after` right after a change is
 * reported as such rather than hidden.
 */
import type { FunctionFacts, RoleFacts } from '../facts/types.ts';
import { evaluateLogWrite } from './evaluateLogWrite.ts';
import type { RemediationOutcome } from './RemediationOutcome.ts';

export function verifyRemediation(
  outcome: RemediationOutcome,
  fresh: { fn: FunctionFacts; role: RoleFacts },
  now: Date = new Date(),
): RemediationOutcome {
  const evaluation = evaluateLogWrite(fresh.fn, fresh.role);
  return { ...outcome, after: { resolved: evaluation.allowed, checkedAt: now.toISOString(), evaluation } };
}
