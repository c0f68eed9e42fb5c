/**
 * Account records in AWS's own shapes (the fields Keycard reads; others pass through untouched).
 * These are what `aws iam get-account-authorization-details`, `aws lambda list-functions`,
 * `aws lambda get-policy`, `aws lambda list-function-url-configs` and
 * `aws lambda list-event-source-mappings` print, and what SDK v3 returns.
 */

/** A policy document as an API returned it: decoded object (CLI) or (URL-encoded) JSON string (SDK). */
export type RawPolicyDocument = string | Record<string, unknown>;

export interface RoleRecord {
  RoleName: string;
  Arn: string;
  Path?: string;
  RoleId?: string;
  AssumeRolePolicyDocument?: RawPolicyDocument;
  /** Inline policies. */
  RolePolicyList?: { PolicyName: string; PolicyDocument: RawPolicyDocument }[];
  AttachedManagedPolicies?: { PolicyName?: string; PolicyArn: string }[];
  PermissionsBoundary?: { PermissionsBoundaryArn?: string; PermissionsBoundaryType?: string };
  Tags?: { Key: string; Value: string }[];
}

export interface ManagedPolicyRecord {
  PolicyName: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  /** Default version's document. */
  Document: RawPolicyDocument;
}

export interface FunctionConfigurationRecord {
  FunctionName: string;
  FunctionArn: string;
  Role: string;
  Runtime?: string;
  PackageType?: string;
  Environment?: { Variables?: Record<string, string> };
  KMSKeyArn?: string;
  TracingConfig?: { Mode?: string };
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[]; VpcId?: string };
  DeadLetterConfig?: { TargetArn?: string };
  FileSystemConfigs?: { Arn: string; LocalMountPath: string }[];
  Layers?: { Arn: string }[];
  LoggingConfig?: { LogGroup?: string; LogFormat?: string };
  [key: string]: unknown;
}

/** `aws lambda get-policy` output: the document is always a JSON string. */
export interface ResourcePolicyRecord {
  Policy: RawPolicyDocument;
  RevisionId?: string;
}

export interface FunctionUrlConfigRecord {
  FunctionUrl: string;
  FunctionArn: string;
  AuthType: 'NONE' | 'AWS_IAM' | string;
  [key: string]: unknown;
}

export interface EventSourceMappingRecord {
  UUID: string;
  FunctionArn?: string;
  EventSourceArn?: string;
  State?: string;
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  [key: string]: unknown;
}

/** Everything a bulk read yields. */
export interface AccountRecords {
  roles: RoleRecord[];
  /** Keyed by policy ARN. */
  managedPolicies: Map<string, ManagedPolicyRecord>;
  functions: FunctionConfigurationRecord[];
  /** Keyed by function name. Missing key: no policy. */
  resourcePolicies: Map<string, ResourcePolicyRecord>;
  /** Keyed by function name. */
  urlConfigs: Map<string, FunctionUrlConfigRecord[]>;
  eventSourceMappings: EventSourceMappingRecord[];
  /** Reads that failed but did not stop the rest; each becomes an `evaluation-incomplete` finding. */
  problems: ReadProblem[];
}

/** A read that failed for one subject while the rest of the account could still be read. */
export interface ReadProblem {
  subject: { kind: 'account' | 'role' | 'function' | 'policy'; name: string };
  /** What could not be read, e.g. `resource policy (lambda/policies/orders-api.json)`. */
  what: string;
  /** Why, e.g. `AccessDeniedException: ...` or `not valid JSON: Unexpected token`. */
  reason: string;
  /** What kind of failure: AWS said no, AWS kept throttling, or anything else (a file, a network error). */
  cause?: ReadFailureCause;
}

export type ReadFailureCause = 'denied' | 'throttled' | 'failed';
