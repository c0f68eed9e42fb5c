import type { StatementMatch } from '../../policy/index.ts';
import type { Evidence } from '../types.ts';

/** `policy "Name" statement "Sid"` or `statement #2`, for details. */
export function describeMatch(m: StatementMatch): string {
  const ref = m.sid !== undefined ? `statement "${m.sid}"` : `statement #${m.statementIndex}`;
  const kind = m.policyKind === 'permissions-boundary' ? 'permissions boundary' : 'policy';
  return `${kind} "${m.policyName}" ${ref}`;
}

/** Evidence naming the policy and statement a match came from. */
export function matchEvidence(m: StatementMatch, note: string): Evidence {
  return {
    source: m.policyName,
    ...(m.policyArn !== undefined ? { policyArn: m.policyArn } : {}),
    ...(m.sid !== undefined ? { statementSid: m.sid } : {}),
    statementIndex: m.statementIndex,
    note,
  };
}

/** A stable key for de-duplicating matches of the same statement across several requests. */
export function matchKey(m: StatementMatch): string {
  return `${m.policyKind}|${m.policyArn ?? m.policyName}|${m.statementIndex}`;
}
