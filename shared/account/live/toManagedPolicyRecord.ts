import type { ManagedPolicyDetail, Policy } from '@aws-sdk/client-iam';
import type { ManagedPolicyRecord } from '../records.ts';
import { decodePolicyDocument } from './decodePolicyDocument.ts';

/**
 * A managed policy in the record shape with its default version's document URL-decoded: from
 * GetAccountAuthorizationDetails (the document is in its PolicyVersionList) or from GetPolicy (the
 * document comes from GetPolicyVersion). The version list is dropped: only the default version is in
 * force. Undefined when the policy has no name, ARN or default version document.
 */
export function toManagedPolicyRecord(
  policy: ManagedPolicyDetail | Policy,
  defaultDocument: string | undefined = defaultVersionDocument(policy),
): ManagedPolicyRecord | undefined {
  const { PolicyName, Arn } = policy;
  if (PolicyName === undefined || Arn === undefined || defaultDocument === undefined) return undefined;
  const { PolicyVersionList: _versions, ...rest } = policy as ManagedPolicyDetail;
  return { ...rest, PolicyName, Arn, Document: decodePolicyDocument(defaultDocument) };
}

function defaultVersionDocument(policy: ManagedPolicyDetail): string | undefined {
  const versions = policy.PolicyVersionList ?? [];
  const version =
    versions.find((candidate) => candidate.IsDefaultVersion === true) ??
    versions.find((candidate) => candidate.VersionId === policy.DefaultVersionId);
  return version?.Document;
}
