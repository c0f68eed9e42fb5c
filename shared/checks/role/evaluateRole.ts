import type { FunctionFacts, RoleFacts } from '../../facts/types.ts';
import type { AccessRequest, EvaluationResult, PolicySource } from '../../policy/index.ts';
import { evaluateIdentityPolicies } from '../../policy/index.ts';

/** Asks the evaluator about one request against the role's identity policies and boundary. */
export function evaluateRole(
  role: Pick<RoleFacts, 'policies' | 'permissionsBoundary'>,
  request: AccessRequest,
  extraPolicies: readonly PolicySource[] = [],
): EvaluationResult {
  const policies = extraPolicies.length === 0 ? role.policies : [...role.policies, ...extraPolicies];
  return evaluateIdentityPolicies(request, policies, role.permissionsBoundary);
}

/**
 * The functions among `functions` that run with `role` (defensive: the engine passes exactly these).
 * Compared case-insensitively, as the engine matches them: IAM role names are case-insensitive.
 */
export function functionsUsing(role: Pick<RoleFacts, 'arn'>, functions: readonly FunctionFacts[]): FunctionFacts[] {
  const arn = role.arn.toLowerCase();
  return functions.filter((f) => f.roleArn.toLowerCase() === arn);
}

/** `aws`, `aws-cn`, `aws-us-gov` from an ARN; `aws` when it cannot be read. */
export function partitionOf(arn: string): string {
  const p = arn.split(':')[1];
  return p !== undefined && p.length > 0 ? p : 'aws';
}
