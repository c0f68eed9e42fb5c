/**
 * What each configured feature of a function needs from its execution role, as evaluable requests.
 * Each need is satisfied by ANY of its alternatives (e.g. kafka:DescribeCluster or ...V2).
 */
import type { FunctionFacts } from '../../facts/types.ts';
import { featurePolicyArn } from './lambdaManagedPolicies.ts';

export interface Need {
  /** Alternatives; one allowed is enough. The first is the one remediation grants (on `grantResource` when set). */
  anyOf: { action: string; resource: string; grantResource?: string }[];
}

export interface FeatureRequirement {
  /** e.g. `active tracing`, `event source mapping 1a2b... (SQS arn:...)`. */
  feature: string;
  needs: Need[];
  /** A resource-based policy (queue, topic, key, file system, stream) could grant this instead. */
  resourcePolicyMayGrant: boolean;
  /** Extra caveat for the evidence, e.g. how the resource was chosen. */
  note?: string;
  /** AWS managed policy that covers this feature on `*`, if any. */
  managedPolicyArn?: string;
}

const all = (actions: string[], resource: string): Need[] => actions.map((action) => ({ anyOf: [{ action, resource }] }));

/** `arn:p:svc:region:account:rest` -> `svc`. */
const serviceOf = (arn: string): string => arn.split(':')[2] ?? '';

function destinationNeeds(arn: string): Need[] | undefined {
  const svc = serviceOf(arn);
  if (svc === 'sqs') return all(['sqs:SendMessage'], arn);
  if (svc === 'sns') return all(['sns:Publish'], arn);
  if (svc === 's3') {
    const bucket = arn.split('/')[0] ?? arn;
    return [{ anyOf: [{ action: 's3:PutObject', resource: `${bucket}/keycard-probe-object`, grantResource: `${bucket}/*` }] }, ...all(['s3:ListBucket'], bucket)];
  }
  return undefined;
}

const ENI_ACTIONS = ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface'];

function mappingRequirement(fn: FunctionFacts, uuid: string, arn: string): FeatureRequirement | undefined {
  const p = fn.partition;
  const svc = serviceOf(arn);
  const label = (kind: string): string => `event source mapping ${uuid} (${kind} ${arn})`;
  if (svc === 'sqs') {
    return {
      feature: label('SQS'),
      needs: all(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], arn),
      resourcePolicyMayGrant: true,
      managedPolicyArn: featurePolicyArn(p, 'AWSLambdaSQSQueueExecutionRole'),
    };
  }
  if (svc === 'kinesis') {
    // An enhanced fan-out consumer ARN is `<stream ARN>/consumer/<name>:<ts>`: read the stream, subscribe via the consumer.
    const at = arn.indexOf('/consumer/');
    const stream = at >= 0 ? arn.slice(0, at) : arn;
    const needs = all(['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:ListShards'], stream);
    if (at >= 0) needs.push(...all(['kinesis:SubscribeToShard'], arn));
    return {
      feature: label('Kinesis'),
      needs,
      resourcePolicyMayGrant: true,
      managedPolicyArn: featurePolicyArn(p, 'AWSLambdaKinesisExecutionRole'),
    };
  }
  if (svc === 'dynamodb') {
    return {
      feature: label('DynamoDB stream'),
      needs: all(['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'], arn),
      resourcePolicyMayGrant: true,
      note: 'dynamodb:ListStreams is evaluated on the stream ARN (a grant on "*" covers it too).',
      managedPolicyArn: featurePolicyArn(p, 'AWSLambdaDynamoDBExecutionRole'),
    };
  }
  if (svc === 'kafka') {
    return {
      feature: label('Amazon MSK'),
      needs: [
        { anyOf: [{ action: 'kafka:DescribeClusterV2', resource: arn }, { action: 'kafka:DescribeCluster', resource: arn }] },
        ...all(['kafka:GetBootstrapBrokers'], arn),
        ...all([...ENI_ACTIONS, 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'], '*'),
      ],
      resourcePolicyMayGrant: false,
      managedPolicyArn: featurePolicyArn(p, 'AWSLambdaMSKExecutionRole'),
    };
  }
  return undefined;
}

/** Every feature the function has configured that needs execution-role permissions. */
export function featureRequirements(fn: FunctionFacts): FeatureRequirement[] {
  const p = fn.partition;
  const reqs: FeatureRequirement[] = [];
  if (fn.tracingMode?.toLowerCase() === 'active') {
    reqs.push({
      feature: 'active tracing (X-Ray)',
      needs: all(['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], '*'),
      resourcePolicyMayGrant: false,
      managedPolicyArn: featurePolicyArn(p, 'AWSXRayDaemonWriteAccess'),
    });
  }
  if (fn.vpc && fn.vpc.subnetIds.length > 0) {
    reqs.push({
      feature: `VPC access (${fn.vpc.vpcId ?? fn.vpc.subnetIds.join(', ')})`,
      needs: all(ENI_ACTIONS, '*'),
      resourcePolicyMayGrant: false,
      managedPolicyArn: featurePolicyArn(p, 'AWSLambdaVPCAccessExecutionRole'),
    });
  }
  if (fn.deadLetterTargetArn) {
    const needs = destinationNeeds(fn.deadLetterTargetArn);
    if (needs) reqs.push({ feature: `dead-letter target ${fn.deadLetterTargetArn}`, needs, resourcePolicyMayGrant: true });
  }
  for (const m of fn.eventSourceMappings) {
    if (m.eventSourceArn) {
      const r = mappingRequirement(fn, m.uuid, m.eventSourceArn);
      if (r) reqs.push(r);
    }
    if (m.onFailureDestinationArn) {
      const needs = destinationNeeds(m.onFailureDestinationArn);
      if (needs) {
        reqs.push({
          feature: `on-failure destination of event source mapping ${m.uuid} (${m.onFailureDestinationArn})`,
          needs,
          resourcePolicyMayGrant: true,
        });
      }
    }
  }
  if (fn.kmsKeyArn) {
    reqs.push({
      feature: `customer managed KMS key for environment variables (${fn.kmsKeyArn})`,
      needs: all(['kms:Decrypt'], fn.kmsKeyArn),
      resourcePolicyMayGrant: true,
    });
  }
  for (const fs of fn.fileSystems) {
    reqs.push({
      feature: `EFS mount ${fs.localMountPath} (${fs.arn})`,
      needs: all(['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], fs.arn),
      resourcePolicyMayGrant: true,
      note:
        'Evaluated on the access point ARN, the only EFS ARN the function configuration carries; IAM authorizes ' +
        'ClientMount/ClientWrite on the file system ARN, so a grant naming only the file system is not seen here. ' +
        'ClientWrite is not needed for a read-only mount.',
    });
  }
  return reqs;
}
