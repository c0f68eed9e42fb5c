import { describe, expect, it } from 'vitest';
import { missingFeaturePermissionsCheck } from '../../shared/checks/missing-feature-permissions.ts';
import type { FunctionFacts } from '../../shared/facts/types.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { boundary, inline, makeContext, makeFunction, makeRole, managed } from './fixtures/role/factories.ts';

const Q = 'arn:aws:sqs:eu-west-1:111122223333:orders-in';
const DLQ = 'arn:aws:sqs:eu-west-1:111122223333:orders-dlq';
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:orders-failures';
const STREAM = 'arn:aws:kinesis:eu-west-1:111122223333:stream/orders';
const CONSUMER = `${STREAM}/consumer/orders-efo:1700000000`;
const DDB_STREAM = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-01-01T00:00:00.000';
const MSK = 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders/abcd1234-ab12-cd34-ef56-abcdef123456-2';
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const AP = 'arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-0123456789abcdef0';
const vpc = { subnetIds: ['subnet-0a1b2c3d'], securityGroupIds: ['sg-0a1b2c3d'], vpcId: 'vpc-0a1b2c3d' };
const esm = (eventSourceArn: string) => ({ uuid: 'a1b2c3d4-5678-90ab-cdef-11111EXAMPLE', eventSourceArn, state: 'Enabled' });

const run = (policies: PolicySource[], config: Partial<FunctionFacts>, b?: PolicySource) => {
  const role = makeRole({ policies: [managed('AWSLambdaBasicExecutionRole'), ...policies], ...(b ? { boundary: b } : {}) });
  const fn = makeFunction(role, config);
  return { role, fn, findings: missingFeaturePermissionsCheck.evaluate(fn, role, makeContext([role], [fn])) };
};

describe('missing-feature-permissions', () => {
  it.each([
    ['active tracing without X-Ray writes', [], { tracingMode: 'Active' }, ['active tracing', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']],
    ['VPC config without ENI permissions', [], { vpc }, ['VPC access (vpc-0a1b2c3d)', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface']],
    ['VPC config with ENI actions denied', [managed('AWSLambdaVPCAccessExecutionRole'), inline('deny-ec2-eni.json')], { vpc }, ['explicitly denied by policy "deny-ec2-eni" statement "NoEni"']],
    ['an SQS dead-letter queue not granted', [inline('sqs-wrong-queue.json')], { deadLetterTargetArn: DLQ }, ['dead-letter target', 'sqs:SendMessage']],
    ['an SNS dead-letter topic not granted', [], { deadLetterTargetArn: TOPIC }, ['sns:Publish']],
    ['an SQS event source mapping on another queue', [inline('sqs-wrong-queue.json')], { eventSourceMappings: [esm(Q)] }, ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']],
    ['a Kinesis mapping without read permissions', [], { eventSourceMappings: [esm(STREAM)] }, ['kinesis:GetRecords', 'kinesis:ListShards']],
    ['a Kinesis fan-out consumer without SubscribeToShard', [inline('features-scoped.json')], { eventSourceMappings: [esm(CONSUMER)] }, ['kinesis:SubscribeToShard']],
    ['a DynamoDB stream mapping with only the SQS policy', [managed('AWSLambdaSQSQueueExecutionRole')], { eventSourceMappings: [esm(DDB_STREAM)] }, ['dynamodb:GetRecords', 'dynamodb:ListStreams']],
    ['an MSK mapping without bootstrap brokers', [], { eventSourceMappings: [esm(MSK)] }, ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers', 'ec2:DescribeVpcs']],
    ['a KMS key for environment variables, Decrypt only under kms:ViaService', [inline('kms-decrypt-via-lambda-only.json')], { kmsKeyArn: KEY }, ['kms:Decrypt', 'not guaranteed', 'kms:viaservice']],
    ['an EFS access point without ClientMount', [], { fileSystems: [{ arn: AP, localMountPath: '/mnt/orders' }] }, ['EFS mount /mnt/orders', 'elasticfilesystem:ClientMount']],
    ['tracing blocked by a data-only boundary', [managed('AWSXRayDaemonWriteAccess')], { tracingMode: 'Active' }, ['permissions boundary does not'], boundary('boundary-data-only.json')],
    ['an on-failure destination of a mapping', [managed('AWSLambdaSQSQueueExecutionRole')], { eventSourceMappings: [{ ...esm(Q), onFailureDestinationArn: TOPIC }] }, ['on-failure destination', 'sns:Publish']],
  ] as [string, PolicySource[], Partial<FunctionFacts>, string[], PolicySource?][])('fires for %s', (_name, policies, config, mentions, b) => {
    const { role, fn, findings } = run(policies, config, b);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ checkId: 'missing-feature-permissions', severity: 'medium', door: 'role', resourceArn: fn.arn, functionArns: [fn.arn] });
    for (const m of mentions) expect(f.detail).toContain(m);
    expect(f.evidence.length).toBeGreaterThan(0);
    expect(f.remediation.cli).toContain(`aws iam put-role-policy --role-name ${role.name} --policy-name keycard-orders-api-features --policy-document '`);
    expect(f.remediation.cli).not.toMatch(/<[A-Za-z]+>/);
  });

  it.each([
    ['no features configured', [], {}],
    ['tracing with AWSXRayDaemonWriteAccess', [managed('AWSXRayDaemonWriteAccess')], { tracingMode: 'Active' }],
    ['PassThrough tracing needs nothing', [], { tracingMode: 'PassThrough' }],
    ['VPC with AWSLambdaVPCAccessExecutionRole', [managed('AWSLambdaVPCAccessExecutionRole')], { vpc }],
    ['VPC with AWSLambdaENIManagementAccess', [managed('AWSLambdaENIManagementAccess')], { vpc }],
    ['SQS mapping with AWSLambdaSQSQueueExecutionRole', [managed('AWSLambdaSQSQueueExecutionRole')], { eventSourceMappings: [esm(Q)] }],
    ['Kinesis mapping with AWSLambdaKinesisExecutionRole', [managed('AWSLambdaKinesisExecutionRole')], { eventSourceMappings: [esm(STREAM)] }],
    ['Kinesis fan-out consumer with AWSLambdaKinesisExecutionRole', [managed('AWSLambdaKinesisExecutionRole')], { eventSourceMappings: [esm(CONSUMER)] }],
    ['DynamoDB stream with AWSLambdaDynamoDBExecutionRole', [managed('AWSLambdaDynamoDBExecutionRole')], { eventSourceMappings: [esm(DDB_STREAM)] }],
    ['MSK with AWSLambdaMSKExecutionRole', [managed('AWSLambdaMSKExecutionRole')], { eventSourceMappings: [esm(MSK)] }],
    ['MSK granting DescribeCluster (v1) instead of V2', [inline('msk-describe-v1-only.json')], { eventSourceMappings: [esm(MSK)] }],
    ['a self-managed Kafka mapping (no ARN to judge)', [], { eventSourceMappings: [{ uuid: 'self-managed', state: 'Enabled' }] }],
    ['every feature granted on its exact resource', [inline('features-scoped.json')], {
      tracingMode: 'Active', deadLetterTargetArn: DLQ, kmsKeyArn: KEY, eventSourceMappings: [esm(Q)],
      fileSystems: [{ arn: AP, localMountPath: '/mnt/orders' }],
    }],
    ['an SNS dead-letter topic granted', [inline('sns-publish-dlq.json')], { deadLetterTargetArn: TOPIC }],
    ['AdministratorAccess with every feature', [managed('AdministratorAccess')], { tracingMode: 'Active', vpc, deadLetterTargetArn: DLQ, kmsKeyArn: KEY, eventSourceMappings: [esm(MSK), esm(DDB_STREAM)] }],
  ] as [string, PolicySource[], Partial<FunctionFacts>][])('does not fire for %s', (_name, policies, config) => {
    expect(run(policies, config).findings).toEqual([]);
  });

  it('lists several missing features in one finding and grants exactly them', () => {
    const { findings } = run([], { tracingMode: 'Active', deadLetterTargetArn: DLQ, kmsKeyArn: KEY });
    expect(findings).toHaveLength(1);
    const cli = findings[0]!.remediation.cli;
    const doc = JSON.parse(cli.slice(cli.indexOf("'") + 1, cli.lastIndexOf("'"))) as { Statement: { Action: string; Resource: string }[] };
    expect(doc.Statement).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: DLQ },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY },
      ]),
    );
    expect(findings[0]!.evidence.some((e) => e.note.includes('resource-based policy'))).toBe(true);
  });

  it('says the EFS check used the access point ARN', () => {
    const { findings } = run([], { fileSystems: [{ arn: AP, localMountPath: '/mnt/orders' }] });
    expect(findings[0]!.evidence.some((e) => e.note.includes('access point ARN'))).toBe(true);
  });

  it('does not judge a function whose role could not be read', () => {
    const role = makeRole();
    const fn = makeFunction(role, { tracingMode: 'Active' });
    expect(missingFeaturePermissionsCheck.evaluate(fn, undefined, makeContext([], [fn]))).toEqual([]);
  });
});
