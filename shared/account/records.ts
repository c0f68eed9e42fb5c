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

/** `aws lambda list-aliases --function-name F` entry (AliasConfiguration). */
export interface AliasRecord {
  AliasArn: string;
  Name: string;
  /** The version the alias points at (`3`, or `$LATEST`). */
  FunctionVersion: string;
  /** Weighted routing: other versions and the share of invocations each receives (0..1). */
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  Description?: string;
  RevisionId?: string;
  [key: string]: unknown;
}

/**
 * How far an audit looks beyond `$LATEST` (`--qualifiers`): `latest` reads the unqualified
 * functions only; `aliases` adds every alias, with its own resource policy, and every version an
 * alias or an event source mapping points at; `all` adds every published version.
 */
export const QUALIFIER_MODES = ['latest', 'aliases', 'all'] as const;
export type QualifierMode = (typeof QUALIFIER_MODES)[number];
export const DEFAULT_QUALIFIER_MODE: QualifierMode = 'aliases';

/** Aliases and published versions read beside the unqualified functions (absent: not read). */
export interface QualifierRecords {
  mode: QualifierMode;
  /** Published versions (not `$LATEST`) kept by the mode, as `list-functions --function-version ALL` lists them. */
  versions: FunctionConfigurationRecord[];
  /** Keyed by function name; a function without aliases has none or an empty list. */
  aliases: Map<string, AliasRecord[]>;
  /** Keyed by `FunctionName:Qualifier`. Missing key: that alias or version has no policy. */
  resourcePolicies: Map<string, ResourcePolicyRecord>;
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
  /** Aliases and published versions; absent when the reader was not asked (or could not see them). */
  qualifiers?: QualifierRecords;
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

/** Whether a CloudTrail trail delivers this region's management events (DescribeTrails, GetTrailStatus, GetEventSelectors). */
export interface TrailStatusRecord {
  /** `delivering`: at least one trail logs this region's write management events now. */
  status: 'delivering' | 'stopped' | 'absent' | 'unreadable';
  /** Delivering trails when `delivering`; else the trails seen that cover the region but do not deliver. */
  trailArns: string[];
  /** Why, when not delivering: e.g. the missing permission, or which trails stopped logging. */
  reason?: string;
}
