/**
 * Facts: what the checks are allowed to know about an account. Built from an AccountReader
 * (snapshot or live) by shared/account/buildAccountFacts.ts; checks never do I/O.
 */
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

export interface FunctionFacts {
  arn: string;
  name: string;
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
  functions: FunctionFacts[];
  /** Account-level gaps (e.g. a file that could not be read at all). */
  incomplete: IncompleteFact[];
}
