import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument, PolicySource } from '../policy/index.ts';
import type { RoleRecord } from '../account/records.ts';
import { defectsOf } from '../account/shape/RecordDefect.ts';
import type { ManagedPolicySources } from './ManagedPolicySources.ts';
import type { IncompleteFact, RoleFacts } from './types.ts';

/**
 * One role's facts: trust policy, inline and attached managed policies, boundary, tags. Whatever
 * cannot be parsed or resolved is listed in `incomplete`, never dropped: a check that saw only part
 * of a role's policies would otherwise report a missing permission or miss a grant.
 */
export function toRoleFacts(role: RoleRecord, managed: ManagedPolicySources, defaultAccountId: string): RoleFacts {
  // Fields of the wrong type were left out where the role was read; each is one gap, said once.
  const defects = defectsOf(role);
  const incomplete: IncompleteFact[] = defects.map((defect) => ({
    what: `${defect.field} of role ${role.RoleName} (${defect.source})`,
    reason: `${defect.problem}; the field was left out`,
  }));
  const defective = new Set(defects.map((defect) => defect.field));
  const parse = (raw: unknown, what: string, field?: string): PolicyDocument | undefined => {
    if (raw === undefined) {
      if (field !== undefined && defective.has(field)) return undefined;
      incomplete.push({ what, reason: 'not in the account records' });
      return undefined;
    }
    try {
      return parsePolicyDocument(raw, what);
    } catch (error) {
      incomplete.push({ what, reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  const policies: PolicySource[] = [];
  for (const inline of role.RolePolicyList ?? []) {
    const document = parse(inline.PolicyDocument, `inline policy ${inline.PolicyName} of role ${role.RoleName}`);
    if (document) policies.push({ name: inline.PolicyName, kind: 'inline', document });
  }
  for (const attached of role.AttachedManagedPolicies ?? []) {
    const use = managed.use(attached.PolicyArn, 'attached', attached.PolicyName);
    if ('source' in use) policies.push(use.source);
    else incomplete.push({ what: `managed policy ${attached.PolicyArn} attached to role ${role.RoleName}`, reason: use.reason });
  }

  let permissionsBoundary: PolicySource | undefined;
  const boundaryArn = role.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundaryArn !== undefined) {
    const use = managed.use(boundaryArn, 'permissions-boundary');
    if ('source' in use) permissionsBoundary = use.source;
    else incomplete.push({ what: `permissions boundary ${boundaryArn} of role ${role.RoleName}`, reason: use.reason });
  }

  const trustPolicy = parse(role.AssumeRolePolicyDocument, `trust policy of role ${role.RoleName}`, 'AssumeRolePolicyDocument');
  const tags: Record<string, string> = {};
  for (const tag of role.Tags ?? []) tags[tag.Key] = tag.Value;

  return {
    arn: role.Arn,
    name: role.RoleName,
    path: role.Path ?? '/',
    accountId: /^arn:[^:]+:iam::(\d{12}):/.exec(role.Arn)?.[1] ?? defaultAccountId,
    ...(trustPolicy ? { trustPolicy } : {}),
    policies,
    ...(permissionsBoundary ? { permissionsBoundary } : {}),
    tags,
    incomplete,
  };
}
