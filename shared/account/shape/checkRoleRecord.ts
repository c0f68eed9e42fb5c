import type { RoleRecord } from '../records.ts';
import { withDefects } from './RecordDefect.ts';
import { ShapeChecker, withFields } from './ShapeChecker.ts';

/**
 * A role as read from outside (authorization details, GetRole), its name and ARN already known to
 * be strings: every field Keycard reads is checked once here. A field of the wrong type is left out
 * and recorded as a defect (an `evaluation-incomplete` on the role); the rest of the role is kept.
 */
export function checkRoleRecord(role: Record<string, unknown> & { RoleName: string; Arn: string }, source: string): RoleRecord {
  const check = new ShapeChecker(source);
  const boundary = check.object(role.PermissionsBoundary, 'PermissionsBoundary');
  const checked = withFields(role, {
    Path: check.string(role.Path, 'Path'),
    RoleId: check.string(role.RoleId, 'RoleId'),
    AssumeRolePolicyDocument: check.document(role.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument'),
    RolePolicyList: check.objects(role.RolePolicyList, 'RolePolicyList', (policy, at) => {
      const PolicyName = check.string(policy.PolicyName ?? null, `${at}.PolicyName`);
      const PolicyDocument = check.document(policy.PolicyDocument ?? null, `${at}.PolicyDocument`);
      return PolicyName === undefined || PolicyDocument === undefined ? undefined : { ...policy, PolicyName, PolicyDocument };
    }),
    AttachedManagedPolicies: check.objects(role.AttachedManagedPolicies, 'AttachedManagedPolicies', (policy, at) => {
      const PolicyArn = check.string(policy.PolicyArn ?? null, `${at}.PolicyArn`);
      const PolicyName = check.string(policy.PolicyName, `${at}.PolicyName`);
      return PolicyArn === undefined ? undefined : { PolicyArn, ...(PolicyName === undefined ? {} : { PolicyName }) };
    }),
    PermissionsBoundary:
      boundary === undefined
        ? undefined
        : withFields(boundary, {
            PermissionsBoundaryArn: check.string(boundary.PermissionsBoundaryArn, 'PermissionsBoundary.PermissionsBoundaryArn'),
            PermissionsBoundaryType: check.string(boundary.PermissionsBoundaryType, 'PermissionsBoundary.PermissionsBoundaryType'),
          }),
    Tags: check.objects(role.Tags, 'Tags', (tag, at) => {
      const Key = check.string(tag.Key ?? null, `${at}.Key`);
      const Value = check.string(tag.Value ?? null, `${at}.Value`);
      return Key === undefined || Value === undefined ? undefined : { Key, Value };
    }),
  });
  return withDefects(checked as unknown as RoleRecord, check.defects);
}
