/**
 * Cheap pre-filter for role events: does any Allow statement of the trust policy name Lambda's
 * service principal for sts:AssumeRole? A role that fails this serves no working function, so a role
 * event for it is skipped without listing the account's functions (hundreds of calls on big
 * accounts). The real judgement, Deny included, is the `lambda-cannot-assume-role` check's; this
 * reads the trust policy with the same helpers.
 */
import { coversAction, EDGE_LAMBDA_PRINCIPAL, LAMBDA_PRINCIPALS, namesService } from '../checks/role/trustStatements.ts';
import { statementsOf } from '../policy/index.ts';
import type { PolicyDocument } from '../policy/index.ts';

const PRINCIPALS = [...LAMBDA_PRINCIPALS, EDGE_LAMBDA_PRINCIPAL];

export function mayBeLambdaRole(trustPolicy: PolicyDocument | undefined): boolean {
  // An unreadable trust policy could be anything: evaluate rather than skip.
  if (trustPolicy === undefined) return true;
  return statementsOf(trustPolicy).some(
    (s) => s.Effect === 'Allow' && coversAction(s, 'sts:AssumeRole') && PRINCIPALS.some((p) => namesService(s, p)),
  );
}
