/**
 * Adversarial probes of missing-log-permissions / missing-feature-permissions against the real AWS
 * managed execution policies: they must never cry wolf, and a role that only looks like it logs must fire.
 */
import { describe, expect, it } from 'vitest';
import { missingFeaturePermissionsCheck } from '../../shared/checks/missing-feature-permissions.ts';
import { missingLogPermissionsCheck } from '../../shared/checks/missing-log-permissions.ts';
import type { FunctionFacts } from '../../shared/facts/types.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { ACCOUNT, REGION, makeContext, makeFunction, makeRole, managed } from '../checks/fixtures/role/factories.ts';
import { inlineDoc } from './reviewFixtures.ts';

const SUBNETS = { subnetIds: ['subnet-0abc'], securityGroupIds: ['sg-0abc'], vpcId: 'vpc-0abc' };
const esm = (uuid: string, eventSourceArn: string) => ({ uuid, eventSourceArn, state: 'Enabled' });
const KINESIS = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/orders`;
const DDB_STREAM = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`;
const MSK = `arn:aws:kafka:${REGION}:${ACCOUNT}:cluster/orders/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab-2`;
const SQS = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`;

function run(policies: PolicySource[], fn: Partial<FunctionFacts> = {}) {
  const role = makeRole({ policies });
  const f = makeFunction(role, fn);
  const ctx = makeContext([role], [f]);
  return { logs: missingLogPermissionsCheck.evaluate(f, role, ctx), features: missingFeaturePermissionsCheck.evaluate(f, role, ctx) };
}

describe('review: managed execution policies serve what they are made for', () => {
  it.each([
    ['VPC function with AWSLambdaVPCAccessExecutionRole', ['AWSLambdaVPCAccessExecutionRole'], { vpc: SUBNETS }],
    ['VPC function with Basic + AWSLambdaENIManagementAccess', ['AWSLambdaBasicExecutionRole', 'AWSLambdaENIManagementAccess'], { vpc: SUBNETS }],
    ['MSK mapping with AWSLambdaMSKExecutionRole', ['AWSLambdaMSKExecutionRole'], { eventSourceMappings: [esm('m-1', MSK)] }],
    ['Kinesis mapping with AWSLambdaKinesisExecutionRole', ['AWSLambdaKinesisExecutionRole'], { eventSourceMappings: [esm('k-1', KINESIS)] }],
    ['Kinesis fan-out consumer with AWSLambdaKinesisExecutionRole', ['AWSLambdaKinesisExecutionRole'], { eventSourceMappings: [esm('k-2', `${KINESIS}/consumer/lambda:1700000000`)] }],
    ['DynamoDB stream mapping with AWSLambdaDynamoDBExecutionRole', ['AWSLambdaDynamoDBExecutionRole'], { eventSourceMappings: [esm('d-1', DDB_STREAM)] }],
    ['SQS mapping with AWSLambdaSQSQueueExecutionRole', ['AWSLambdaSQSQueueExecutionRole'], { eventSourceMappings: [esm('s-1', SQS)] }],
    ['active tracing with Basic + AWSXRayDaemonWriteAccess', ['AWSLambdaBasicExecutionRole', 'AWSXRayDaemonWriteAccess'], { tracingMode: 'Active' }],
    ['a custom log group with AWSLambdaBasicExecutionRole', ['AWSLambdaBasicExecutionRole'], { logGroupName: '/platform/orders' }],
  ])('no missing-* finding for %s', (_n, names, fn) => {
    const { logs, features } = run(names.map(managed), fn);
    expect(logs).toEqual([]);
    expect(features).toEqual([]);
  });
});

describe('review: log permissions', () => {
  it('CloudWatchLambdaInsightsExecutionRolePolicy alone does not let the function write its own logs', () => {
    // It allows CreateLogStream/PutLogEvents only on log-group:/aws/lambda-insights:*, the extension's group.
    const { logs } = run([managed('CloudWatchLambdaInsightsExecutionRolePolicy')]);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.detail).toContain('Attaching AWSLambdaBasicExecutionRole would fix it');
  });

  it.each([
    ['the Serverless Framework default log statements', [inlineDoc('logs-serverless-framework')], { name: 'orders-dev-api' }],
    ['a grant on a custom LoggingConfig.LogGroup', [inlineDoc('logs-custom-group')], { logGroupName: '/platform/orders' }],
    ['a grant conditioned on aws:PrincipalAccount = the role\'s account (always true)', [inlineDoc('logs-if-own-account')], {}],
  ])('stays quiet for %s', (_n, policies, fn) => {
    expect(run(policies, fn).logs).toEqual([]);
  });

  it('fires when the grant names the default group but the function logs to a custom one', () => {
    expect(run([inlineDoc('logs-serverless-framework')], { name: 'orders-dev-api', logGroupName: '/platform/orders' }).logs).toHaveLength(1);
  });
});

describe('review: conditional Deny on a needed permission', () => {
  it('reports a subnet-conditioned Deny on ENI creation as not guaranteed (condition unknown), naming the key', () => {
    const { features } = run([managed('AWSLambdaVPCAccessExecutionRole'), inlineDoc('eni-conditional-deny-subnet')], { vpc: SUBNETS });
    expect(features).toHaveLength(1);
    expect(features[0]!.detail).toContain('ec2:subnet');
  });
});
