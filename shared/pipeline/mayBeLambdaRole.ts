/**
 * Cheap pre-filter for role events: does any Allow statement of the trust policy name Lambda's
 * service principal for sts:AssumeRole? A role that fails this serves no working function, so a role
 * event for it is skipped without listing the account's functions (hundreds of calls on big
 * accounts). The real judgement, Deny included, is the `lambda-cannot-assume-role` check's.
 */
import { matchAction, principalsOf, statementsOf } from '../policy/index.ts';
import type { PolicyDocument } from '../policy/index.ts';

const LAMBDA_PRINCIPALS = new Set(['lambda.amazonaws.com', 'edgelambda.amazonaws.com']);

export function mayBeLambdaRole(trustPolicy: PolicyDocument | undefined): boolean {
  // An unreadable trust policy could be anything: evaluate rather than skip.
  if (trustPolicy === undefined) return true;
  return statementsOf(trustPolicy).some((statement) => {
    if (statement.Effect !== 'Allow') return false;
    const actions = statement.Action === undefined ? [] : ([] as string[]).concat(statement.Action);
    const assumes = statement.NotAction !== undefined || actions.some((a) => matchAction(a, 'sts:AssumeRole'));
    const principals = principalsOf(statement);
    return assumes && (principals.wildcard || principals.service.some((s) => LAMBDA_PRINCIPALS.has(s.toLowerCase())));
  });
}
