import type { StatementMatch } from './EvaluationResult.ts';

/** `policy "Name" statement "Sid"` (or `statement #2`, 0-based, when the statement has no Sid). */
export function describeStatement(m: StatementMatch): string {
  const ref = m.sid !== undefined ? `statement "${m.sid}"` : `statement #${m.statementIndex}`;
  const kind = m.policyKind === 'permissions-boundary' ? 'permissions boundary' : 'policy';
  return `${kind} "${m.policyName}" ${ref}`;
}
