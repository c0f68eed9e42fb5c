import type { AttachedPolicy, PolicyDetail, Role, RoleDetail } from '@aws-sdk/client-iam';
import type { RawPolicyDocument, RoleRecord } from '../records.ts';
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
  const { RoleName, Arn } = role;
  if (RoleName === undefined || Arn === undefined) {
    throw new TypeError(`IAM returned a role without RoleName or Arn (${RoleName ?? Arn ?? 'unnamed'})`);
  }
  // Checked before anything is converted: the SDK types the response, but the one check every record
  // passes keeps both readers alike, and nothing below can meet a value of the wrong type.
  const checked = checkRoleRecord({ ...role, RoleName, Arn } as unknown as Record<string, unknown> & { RoleName: string; Arn: string }, 'the IAM API');
  const decode = (document: RawPolicyDocument): RawPolicyDocument => (typeof document === 'string' ? decodePolicyDocument(document) : document);
  return {
    ...checked,
    ...(checked.AssumeRolePolicyDocument === undefined ? {} : { AssumeRolePolicyDocument: decode(checked.AssumeRolePolicyDocument) }),
    RolePolicyList: (checked.RolePolicyList ?? []).map((policy) => ({ PolicyName: policy.PolicyName, PolicyDocument: decode(policy.PolicyDocument) })),
    AttachedManagedPolicies: (checked.AttachedManagedPolicies ?? []).map((policy) => ({ PolicyName: policy.PolicyName, PolicyArn: policy.PolicyArn })),
    Tags: checked.Tags,
  };
}
