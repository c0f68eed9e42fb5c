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
    '13 services (ec2:RunInstances, s3:DeleteBucket, s3:GetObject, dynamodb:DeleteTable, kms:ScheduleKeyDeletion, ' +
    'lambda:CreateFunction, rds:DeleteDBInstance, secretsmanager:GetSecretValue, sts:AssumeRole, ...) on resources no ' +
    'specific grant names. The role is an administrator when, by the identity policies and the permissions boundary, ' +
    'without a condition and with no unconditional Deny removing it, either every probe is allowed (AdministratorAccess, ' +
    'Action "*"; PowerUserAccess, a NotAction allow excluding only IAM, Organizations and Account, whose actions are ' +
    'not probed), or every probe of all but at most 3 of the 13 services is allowed and so is unrestricted IAM write ' +
    '(iam:CreateRole, iam:PutRolePolicy, iam:AttachRolePolicy, iam:CreatePolicy and iam:CreateUser on any name): ' +
    'with IAM write a role can grant itself the few services it lacks, so `Allow NotAction ["s3:*"] Resource "*"` ' +
    'or AdministratorAccess beside a Deny of s3:* is still admin, and the finding names the services left out. ' +
    'An Allow fenced only by aws:RequestedRegion counts in the region it names: the caller chooses the endpoint. ' +
    'Conditions on what the role itself fixes (aws:PrincipalAccount, aws:PrincipalArn, its tags) are decided, and ' +
    'the probes carry no tags, so `ForAllValues:... aws:TagKeys` (true when no tags are sent) does not hide an ' +
    'Allow "*". Any code running in the function, including a compromised dependency, inherits all of it. An Allow ' +
    'that depends on a condition is not counted as a grant; a Deny that depends on a condition is not counted as a ' +
    'safeguard.',
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
        `${shape}allows ${all ? `all ${g.actions.length}` : `${g.actions.length}`} probed actions ` +
          `(${g.actions.join(', ')}) on any resource, unconditionally.`,
      );
    });
    for (const m of admin.boundaryAllowedBy) {
      evidence.push(matchEvidence(m, 'The permissions boundary lets the probed actions through; it does not cap the role.'));
    }
    const services = new Set(admin.probes.map((p) => p.action.split(':')[0])).size;
    const excluded = admin.excludedServices;
    const scope =
      excluded.length === 0
        ? `all ${admin.probes.length} probed actions (${services} services)`
        : `every probed action of ${services - excluded.length} of ${services} services (all but ${excluded.join(', ')}) ` +
          'and unrestricted IAM write (iam:CreateRole, iam:PutRolePolicy, iam:AttachRolePolicy, iam:CreatePolicy, iam:CreateUser)';
    const lacking =
      excluded.length === 0 ? '' : ` With IAM write it can grant itself ${excluded.join(', ')} as well.`;
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
          `Role ${role.name} may perform ${scope} on any resource ` +
          `without condition${admin.region === context.account.region ? '' : ` in region ${admin.region} (the only fence is aws:RequestedRegion, and the caller chooses the region)`}, ` +
          `granted by ${granting}; no Deny or permissions boundary removes it.${lacking}`,
        evidence,
        cli,
      }),
    ];
  },
};
