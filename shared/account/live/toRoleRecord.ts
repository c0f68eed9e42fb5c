import type { AttachedPolicy, PolicyDetail, Role, RoleDetail } from '@aws-sdk/client-iam';
import type { RoleRecord } from '../records.ts';
import { checkRoleRecord } from '../shape/checkRoleRecord.ts';
import { decodePolicyDocument } from './decodePolicyDocument.ts';

/** A role as GetAccountAuthorizationDetails lists it, or as getRole assembles it from GetRole + lists. */
export type RoleSource = (RoleDetail | Role) & {
  RolePolicyList?: PolicyDetail[] | undefined;
  AttachedManagedPolicies?: AttachedPolicy[] | undefined;
};

/**
 * An SDK role in the record shape, documents URL-decoded to JSON strings. Fields Keycard does not
 * read (CreateDate, RoleLastUsed, InstanceProfileList...) pass through, so a snapshot written from
 * the record still looks like the CLI's output.
 */
export function toRoleRecord(role: RoleSource): RoleRecord {
  const { RoleName, Arn, AssumeRolePolicyDocument, RolePolicyList, AttachedManagedPolicies, Tags } = role;
  if (RoleName === undefined || Arn === undefined) {
    throw new TypeError(`IAM returned a role without RoleName or Arn (${RoleName ?? Arn ?? 'unnamed'})`);
  }
  // The SDK types the response, but the one check every record passes keeps both readers alike.
  return checkRoleRecord({
    ...role,
    RoleName,
    Arn,
    ...(AssumeRolePolicyDocument === undefined
      ? {}
      : { AssumeRolePolicyDocument: decodePolicyDocument(AssumeRolePolicyDocument) }),
    RolePolicyList: (RolePolicyList ?? []).map((policy) => ({
      PolicyName: policy.PolicyName ?? '',
      PolicyDocument: decodePolicyDocument(policy.PolicyDocument ?? ''),
    })),
    AttachedManagedPolicies: (AttachedManagedPolicies ?? [])
      .filter((policy): policy is AttachedPolicy & { PolicyArn: string } => policy.PolicyArn !== undefined)
      .map((policy) => ({ PolicyName: policy.PolicyName, PolicyArn: policy.PolicyArn })),
    Tags: Tags?.map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })),
  }, 'the IAM API');
}
