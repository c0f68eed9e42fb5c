/**
 * Facts: what the checks are allowed to know about an account. Built from an AccountReader
 * (snapshot or live) by shared/account/buildAccountFacts.ts; checks never do I/O.
 */
import type { TrailStatusRecord } from '../account/records.ts';
import type { PolicyDocument, PolicySource } from '../policy/types.ts';

/** Something that could not be read or judged. Becomes an `evaluation-incomplete` finding. */
export interface IncompleteFact {
  /** What is missing, e.g. `resource policy of function orders-api`. */
  what: string;
  /** Why, e.g. `AccessDeniedException`, `file lambda/policies/x.json is not valid JSON`. */
  reason: string;
  /** Set on a function's fact when what is missing is its execution role (the keycard door, not the lock). */
  concerns?: 'execution-role';
  /** Set when a read failed (denied, throttled, failed), as opposed to something read but not judged. */
  cause?: 'denied' | 'throttled' | 'failed';
}

export interface RoleFacts {
  arn: string;
  name: string;
  path: string;
  accountId: string;
  /** Parsed trust policy; undefined when it could not be read (see `incomplete`). */
  trustPolicy?: PolicyDocument;
  /** Inline policies and attached managed policies, documents resolved. */
  policies: PolicySource[];
  permissionsBoundary?: PolicySource;
  tags: Record<string, string>;
  incomplete: IncompleteFact[];
}

export interface EventSourceMappingFacts {
  uuid: string;
  /** ARN of SQS queue, Kinesis stream, DynamoDB stream, MSK cluster, ...; absent for self-managed Kafka. */
  eventSourceArn?: string;
  state?: string;
  /** OnFailure destination (SQS/SNS/S3/Kafka ARN), if configured. */
  onFailureDestinationArn?: string;
}

export interface FunctionUrlFacts {
  url: string;
  authType: 'NONE' | 'AWS_IAM';
  /** The function ARN the URL config belongs to (may carry an alias qualifier). */
  functionArn: string;
}

/** What makes a FunctionFacts an alias or a published version rather than the function itself. */
export interface QualifierFacts {
  kind: 'alias' | 'version';
  /** The alias name (`live`) or version number (`3`). */
  qualifier: string;
  /** The function's own name and unqualified ARN, which its `$LATEST` facts carry. */
  functionName: string;
  unqualifiedArn: string;
  /** The version it runs: for an alias, the one its invocations go to by default; for a version, itself. */
  version: string;
  /**
   * An alias with weighted routing (RoutingConfig): the other versions, the share of invocations each
   * receives and the role each runs with. The alias runs with all of these roles as well as `roleArn`.
   */
  additionalVersions?: { version: string; weight: number; roleArn: string }[];
}

export interface FunctionFacts {
  /** The function's ARN; qualified (`...:function:orders:live`) for an alias or a published version. */
  arn: string;
  /** The function's name; `orders:live` for an alias or version (what `--function-name` accepts). */
  name: string;
  /** Present for an alias or a published version; absent for the function (`$LATEST`). */
  qualified?: QualifierFacts;
  accountId: string;
  region: string;
  partition: string;
  roleArn: string;
  runtime?: string;
  packageType?: string;
  /** `LoggingConfig.LogGroup`, else `/aws/lambda/<name>`. */
  logGroupName: string;
  tracingMode?: string;
  vpc?: { subnetIds: string[]; securityGroupIds: string[]; vpcId?: string };
  deadLetterTargetArn?: string;
  /** Customer managed KMS key for environment variables, if any. */
  kmsKeyArn?: string;
  /** Names only; values are never read into facts. */
  environmentVariableNames: string[];
  fileSystems: { arn: string; localMountPath: string }[];
  layerArns: string[];
  eventSourceMappings: EventSourceMappingFacts[];
  /** Parsed resource-based policy; undefined when the function has none. */
  resourcePolicy?: PolicyDocument;
  functionUrls: FunctionUrlFacts[];
  incomplete: IncompleteFact[];
}

export interface AccountFacts {
  accountId: string;
  region: string;
  partition: string;
  /** Keyed by role ARN. Includes every role that serves a function, and others when read in bulk. */
  roles: Map<string, RoleFacts>;
  /** Functions (`$LATEST`), then aliases and published versions as facts of their own (`qualified`). */
  functions: FunctionFacts[];
  /** Which aliases and versions were read (`--qualifiers`); absent: `$LATEST` only. */
  qualifierMode?: 'latest' | 'aliases' | 'all';
  /** Account-level gaps (e.g. a file that could not be read at all). */
  incomplete: IncompleteFact[];
  /**
   * Optional: per watched region, whether a CloudTrail trail delivers its management events (which the
   * stack's change events from that region come from). Set only for the regions whose reader could be
   * asked; absent (snapshots), nothing is said.
   */
  trails?: TrailFacts[];
}

/** What `LiveAccountReader.readTrailStatus` found in `region`; see the `no-management-events-trail` check. */
export type TrailFacts = TrailStatusRecord & { region: string };
