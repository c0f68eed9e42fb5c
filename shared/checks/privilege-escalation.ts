import type { CheckMetadata, Evidence, RoleCheck } from './types.ts';
import { findAdminAccess } from './role/adminAccess.ts';
import { findEscalationPaths } from './role/escalationPaths.ts';
import { functionsUsing } from './role/evaluateRole.ts';
import { policyFixCommands, type PolicyRef } from './role/policyFixCommand.ts';
import { roleFinding } from './role/roleFinding.ts';
import { describeMatch, matchEvidence } from './role/statementEvidence.ts';

const metadata: CheckMetadata = {
  id: 'privilege-escalation',
  severity: 'high',
  door: 'role',
  title: 'Execution role can raise its own or others\' permissions',
  rationale:
    'Keycard evaluates the IAM and STS actions that turn limited access into full access: iam:PassRole, ' +
    'iam:Attach{Role,User,Group}Policy, iam:Put{Role,User,Group}Policy, iam:CreatePolicyVersion, ' +
    'iam:SetDefaultPolicyVersion, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey, iam:CreateLoginProfile, ' +
    'iam:UpdateLoginProfile, iam:AddUserToGroup, sts:AssumeRole, lambda:UpdateFunctionCode and ' +
    'lambda:UpdateFunctionConfiguration (and removing or replacing its own permissions boundary). Each is asked on ' +
    'a synthetic resource that no specific grant names (e.g. arn:aws:iam::<account>:role/keycard-probe-7c1e), so ' +
    'grants on "*", "role/*" or through wildcards such as iam:*, iam:Put* or IAMFullAccess are found, while a grant ' +
    'on one named resource is not (it is bounded and was chosen by someone). Actions that would let the role rewrite ' +
    'itself (attach or put a policy on itself, edit its trust policy, rewrite its own customer managed policies) are ' +
    'also asked on the role\'s own ARN, because that alone is an escalation; passing or assuming itself, or updating ' +
    'its own functions, is not. iam:PassRole is asked as if passed to Lambda, EC2, ECS tasks, Glue or ' +
    'CloudFormation, so an iam:PassedToService condition does not hide it. The Lambda actions are asked in the ' +
    'function\'s region and in every region the role\'s Allows name under aws:RequestedRegion (the caller picks ' +
    'the endpoint). Principal facts the role fixes (aws:PrincipalAccount, aws:PrincipalArn, its tags) are known; ' +
    'probe requests carry no tags (aws:TagKeys absent). Only unconditional allows count; a ' +
    'conditional Deny is not a safeguard. Not reported when admin-access already is for the role.',
  remediation: {
    text:
      'Remove the escalation actions from the role\'s policies, or scope them to the exact resources the function ' +
      'manages (e.g. iam:PassRole on one role ARN with an iam:PassedToService condition).',
    cli: 'aws iam put-role-policy --role-name <RoleName> --policy-name <PolicyName> --policy-document <PolicyWithoutEscalationJson>',
  },
};

/** One finding per role listing every escalation path found (see role/escalationPaths.ts). */
export const privilegeEscalationCheck: RoleCheck = {
  scope: 'role',
  metadata,
  evaluate(role, functions, context) {
    const region = context.account.region;
    if (findAdminAccess(role, region)) return [];
    const paths = findEscalationPaths(role, region);
    if (paths.length === 0) return [];
    const evidence: Evidence[] = [];
    const policies: PolicyRef[] = [];
    for (const path of paths) {
      const on = path.resource === role.arn ? `itself (${role.arn})` : `any resource (probed ${path.resource})`;
      const ctx = path.context ? ` when ${Object.entries(path.context).map(([k, v]) => `${k}=${String(v)}`).join(', ')}` : '';
      for (const m of path.result.identity.allowedBy.filter((x) => x.unconditional)) {
        evidence.push(matchEvidence(m, `Allows ${path.action} on ${on}${ctx}: could ${path.why}.`));
        policies.push({ name: m.policyName, kind: m.policyKind, statementIndex: m.statementIndex, ...(m.policyArn ? { arn: m.policyArn } : {}) });
      }
    }
    const list = paths
      .map((p) => {
        const grant = p.result.identity.allowedBy.filter((m) => m.unconditional).map(describeMatch).join(', ');
        return `${p.action} on ${p.resource === role.arn ? 'itself' : 'any resource'} (${grant})`;
      })
      .join('; ');
    const users = functionsUsing(role, functions);
    return [
      roleFinding(metadata, role, users, {
        detail: `Role ${role.name} has ${paths.length} privilege-escalation path${paths.length === 1 ? '' : 's'}: ${list}.`,
        evidence,
        cli: policyFixCommands(role, policies, 'remove', users),
      }),
    ];
  },
};
