import { coversAction } from './normalizeStatements.ts';
import { serviceIdOfAction, statementsMayCover } from './statementsMayCover.ts';
import type { PolicySource } from './types.ts';

/**
 * Whether any Allow statement of these policies names the action at all (Action or NotAction),
 * whatever its resources and conditions. False means no request for the action can be allowed, so
 * callers probing many resources or contexts for one action can skip them all. Cheap: it reads the
 * pre-normalised action patterns of the statements that may cover it.
 */
export function mayAllowAction(policies: readonly PolicySource[], action: string): boolean {
  const lower = action.toLowerCase();
  const service = serviceIdOfAction(lower);
  for (const source of policies) {
    for (const statement of statementsMayCover(source.document, service)) {
      if (statement.effect === 'Allow' && coversAction(statement, lower)) return true;
    }
  }
  return false;
}
