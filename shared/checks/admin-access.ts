import type { CheckMetadata, Evidence, RoleCheck } from './types.ts';
import { findAdminAccess } from './role/adminAccess.ts';
import { functionsUsing } from './role/evaluateRole.ts';
import { policyFixCommands } from './role/policyFixCommand.ts';
import { roleFinding } from './role/roleFinding.ts';
import { describeMatch, matchEvidence } from './role/statementEvidence.ts';
import { describeStatementShape, findStatement } from './role/statementShape.ts';

const metadata: CheckMetadata = {
  id: 'admin-access',
  severity: 'critical',
  door: 'role',
  title: 'Execution role can do nearly anything',
  rationale:
    'Keycard asks the policy evaluator whether the role may perform destructive or data-reading actions across ' +
    'many services (ec2:RunInstances, s3:DeleteBucket, s3:GetObject, dynamodb:DeleteTable, kms:ScheduleKeyDeletion, ' +
    'lambda:CreateFunction, rds:DeleteDBInstance, secretsmanager:GetSecretValue, sts:AssumeRole, ...) on resources no ' +
    'specific grant names. When every one is allowed without a condition, by the identity policies and the ' +
    'permissions boundary, and no unconditional Deny removes it, the role is effectively an administrator: this is ' +
    'what AdministratorAccess (Action "*"), PowerUserAccess (a NotAction allow on "*") and their customer or inline ' +
    'copies grant. IAM actions are not probed, so excluding only IAM (as PowerUserAccess does) still counts. An Allow ' +
    'fenced only by aws:RequestedRegion counts in the region it names: the caller chooses the endpoint. Conditions ' +
    'on what the role itself fixes (aws:PrincipalAccount, aws:PrincipalArn, its tags) are decided, and the probes ' +
    'carry no tags, so `ForAllValues:... aws:TagKeys` (true when no tags are sent) does not hide an Allow "*". Any ' +
    'code running in the function, including a compromised dependency, inherits all of it. An Allow that depends ' +
    'on a condition is not counted as a grant; a Deny that depends on a condition is not counted as a safeguard.',
  remediation: {
    text:
      'Detach the administrator-level policy (or rewrite the inline policy) and grant only the actions and ' +
      'resources the function uses. A permissions boundary can cap the role while you scope the policies.',
    cli: 'aws iam detach-role-policy --role-name <RoleName> --policy-arn <PolicyArn>',
  },
};

/** Fires when the role is allowed every admin probe (see role/adminAccess.ts). */
export const adminAccessCheck: RoleCheck = {
  scope: 'role',
  metadata,
  evaluate(role, functions, context) {
    const admin = findAdminAccess(role, context.account.region);
    if (!admin) return [];
    const users = functionsUsing(role, functions);
    const policies = [...role.policies, role.permissionsBoundary];
    const evidence: Evidence[] = admin.grantedBy.map((g) => {
      const s = findStatement(policies, g.match);
      const shape = s ? `${describeStatementShape(s)}: ` : '';
      const all = g.actions.length === admin.probes.length;
      return matchEvidence(
        g.match,
        `${shape}allows ${all ? `all ${g.actions.length}` : `${g.actions.length} of ${admin.probes.length}`} probed actions ` +
          `(${g.actions.join(', ')}) on any resource, unconditionally.`,
      );
    });
    for (const m of admin.boundaryAllowedBy) {
      evidence.push(matchEvidence(m, 'The permissions boundary lets the probed actions through; it does not cap the role.'));
    }
    const services = new Set(admin.probes.map((p) => p.action.split(':')[0])).size;
    const granting = admin.grantedBy.map((g) => describeMatch(g.match)).join(', ');
    const cli = policyFixCommands(
      role,
      admin.grantedBy.map((g) => ({ name: g.match.policyName, kind: g.match.policyKind, ...(g.match.policyArn ? { arn: g.match.policyArn } : {}) })),
      'detach',
      users,
    );
    return [
      roleFinding(metadata, role, users, {
        detail:
          `Role ${role.name} may perform all ${admin.probes.length} probed actions (${services} services) on any resource ` +
          `without condition${admin.region === context.account.region ? '' : ` in region ${admin.region} (the only fence is aws:RequestedRegion, and the caller chooses the region)`}, ` +
          `granted by ${granting}; no Deny or permissions boundary removes it.`,
        evidence,
        cli,
      }),
    ];
  },
};
