import type { PolicyStatement } from '../../policy/types.ts';
import { principalSetOf } from './statementFacts.ts';

/**
 * Whether an Allow statement admits everyone: `Principal: "*"`, `{"AWS": "*"}`, or a NotPrincipal
 * (an Allow with NotPrincipal admits everyone except the few it names).
 */
export function isPublicPrincipal(statement: PolicyStatement): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  if (statement.Principal === undefined) return false;
  return principalSetOf(statement).wildcard;
}
