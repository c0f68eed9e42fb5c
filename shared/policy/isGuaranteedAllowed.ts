import type { EvaluationResult } from './EvaluationResult.ts';

/** True only when the permission exists whatever the request context. */
export function isGuaranteedAllowed(r: EvaluationResult): boolean {
  return r.decision === 'Allowed';
}
