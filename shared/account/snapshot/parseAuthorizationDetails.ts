import { SnapshotFormatError } from '../errors.ts';
import type { AccountRecords, ManagedPolicyRecord, RoleRecord } from '../records.ts';
import { checkRoleRecord } from '../shape/checkRoleRecord.ts';
import { isObject } from './isObject.ts';
import { listItemsOfPages } from './listItemsOfPages.ts';
import { snapshotLayout } from './snapshotLayout.ts';

const spec = snapshotLayout.authorizationDetails;

/**
 * Roles and managed policies (default version documents) from the output of
 * `aws iam get-account-authorization-details`. Users and groups are not Keycard's business and are
 * ignored. Documents are kept as they came (object or URL-encoded string); parsing is the facts'
 * job, so that each is parsed once.
 */
export function parseAuthorizationDetails(
  json: unknown,
): Pick<AccountRecords, 'roles' | 'managedPolicies'> {
  const file = spec.path;
  const roleItems = listItemsOfPages(json, 'RoleDetailList', file, spec);
  const pages = Array.isArray(json) ? (json as Record<string, unknown>[]) : [json as Record<string, unknown>];

  const roles = new Map<string, RoleRecord>();
  roleItems.forEach((role, index) => {
    if (!isObject(role) || typeof role.RoleName !== 'string' || typeof role.Arn !== 'string') {
      throw new SnapshotFormatError(
        file,
        `${spec.expected}; RoleDetailList entry ${index} has no RoleName and Arn`,
      );
    }
    roles.set(role.Arn, checkRoleRecord(role as Record<string, unknown> & { RoleName: string; Arn: string }, file));
  });

  const managedPolicies = new Map<string, ManagedPolicyRecord>();
  for (const page of pages) {
    const policies = page.Policies;
    if (policies === undefined) continue; // `--filter Role`: attachments will show as unresolved
    if (!Array.isArray(policies)) {
      throw new SnapshotFormatError(file, `${spec.expected}; Policies is not an array`);
    }
    policies.forEach((policy: unknown, index) => {
      if (!isObject(policy) || typeof policy.Arn !== 'string' || typeof policy.PolicyName !== 'string') {
        throw new SnapshotFormatError(file, `${spec.expected}; Policies entry ${index} has no PolicyName and Arn`);
      }
      const document = defaultVersionDocument(policy);
      // No default document: left out, so every role attaching it reports it as unresolved.
      if (document === undefined) return;
      managedPolicies.set(policy.Arn, {
        PolicyName: policy.PolicyName,
        Arn: policy.Arn,
        ...(typeof policy.Path === 'string' ? { Path: policy.Path } : {}),
        ...(typeof policy.DefaultVersionId === 'string' ? { DefaultVersionId: policy.DefaultVersionId } : {}),
        Document: document,
      });
    });
  }
  return { roles: [...roles.values()], managedPolicies };
}

function defaultVersionDocument(policy: Record<string, unknown>): ManagedPolicyRecord['Document'] | undefined {
  const versions = policy.PolicyVersionList;
  if (!Array.isArray(versions)) return undefined;
  const byFlag = versions.find((v: unknown) => isObject(v) && v.IsDefaultVersion === true);
  const byId = versions.find((v: unknown) => isObject(v) && v.VersionId === policy.DefaultVersionId);
  const chosen = (byFlag ?? byId) as Record<string, unknown> | undefined;
  const document = chosen?.Document;
  return typeof document === 'string' || isObject(document) ? document : undefined;
}
