import type { RoleFacts } from '../../facts/types.ts';
import type { EvaluationResult } from '../../policy/index.ts';
import { policyFixCommand } from './policyFixCommand.ts';

/**
 * Commands to change what blocks a needed permission that attaching a policy cannot override: the
 * policies holding an unconditional Deny, and the permissions boundary when it does not allow it.
 */
export function blockerCommands(role: Pick<RoleFacts, 'name' | 'permissionsBoundary'>, r: EvaluationResult): string[] {
  const lines: string[] = [];
  const boundaryArn = role.permissionsBoundary?.arn;
  const editBoundary = `aws iam create-policy-version --policy-arn ${boundaryArn ?? '<BoundaryPolicyArn>'} --policy-document file://${role.permissionsBoundary?.name ?? 'boundary'}.widened.json --set-as-default`;
  for (const m of [...r.identity.deniedBy, ...(r.boundary?.deniedBy ?? [])].filter((x) => x.unconditional)) {
    if (m.policyKind === 'permissions-boundary') lines.push(editBoundary);
    else lines.push(policyFixCommand(role, { name: m.policyName, kind: m.policyKind, ...(m.policyArn ? { arn: m.policyArn } : {}) }));
  }
  if (r.boundary && r.boundary.allow !== 'unconditional') lines.push(editBoundary);
  return lines;
}
