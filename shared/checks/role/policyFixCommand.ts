import type { RoleFacts } from '../../facts/types.ts';
import type { PolicyKind } from '../../policy/index.ts';

export interface PolicyRef {
  name: string;
  arn?: string;
  kind: PolicyKind;
}

/**
 * The command that removes a too-broad grant from a role: detach an AWS managed policy (it cannot be
 * edited), publish a scoped version of a customer managed one, or rewrite an inline one, from a
 * scoped copy the user writes (file name suggested).
 */
export function policyFixCommand(role: Pick<RoleFacts, 'name'>, policy: PolicyRef, detachManaged = false): string {
  if ((policy.kind === 'aws-managed' || (detachManaged && policy.kind === 'customer-managed')) && policy.arn !== undefined) {
    return `aws iam detach-role-policy --role-name ${role.name} --policy-arn ${policy.arn}`;
  }
  if (policy.kind === 'customer-managed' && policy.arn !== undefined) {
    return `aws iam create-policy-version --policy-arn ${policy.arn} --policy-document file://${policy.name}.scoped.json --set-as-default`;
  }
  return `aws iam put-role-policy --role-name ${role.name} --policy-name ${policy.name} --policy-document file://${policy.name}.scoped.json`;
}

/** One command per distinct policy, in order of first appearance. `detachManaged`: detach customer managed ones too. */
export function policyFixCommands(role: Pick<RoleFacts, 'name'>, policies: readonly PolicyRef[], detachManaged = false): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of policies) {
    const key = `${p.kind}|${p.arn ?? p.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(policyFixCommand(role, p, detachManaged));
  }
  return lines.join('\n');
}
