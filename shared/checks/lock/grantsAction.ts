import type { PolicyStatement } from '../../policy/types.ts';
import { matchAction, matchResource, toList } from '../../policy/index.ts';

/** Whether the statement's Action/NotAction covers `action` (wildcards, case-insensitive). */
export function grantsAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return toList(statement.Action).some((p) => matchAction(p, action));
  if (statement.NotAction !== undefined) return !toList(statement.NotAction).some((p) => matchAction(p, action));
  return false;
}

/**
 * Whether the statement's Resource/NotResource covers `arn`. A resource policy statement without
 * either is malformed; it is treated as covering, so a grant is never missed.
 */
export function coversResource(statement: PolicyStatement, arn: string): boolean {
  if (statement.Resource !== undefined) return toList(statement.Resource).some((p) => matchResource(p, arn));
  if (statement.NotResource !== undefined) return !toList(statement.NotResource).some((p) => matchResource(p, arn));
  return true;
}

/** The invoke actions a lock can open. */
export const INVOKE_FUNCTION = 'lambda:InvokeFunction';
export const INVOKE_FUNCTION_URL = 'lambda:InvokeFunctionUrl';
