import type { PolicySource } from '../../policy/index.ts';

/** `arn:<partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`. */
export function basicExecutionRoleArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`;
}

/**
 * AWSLambdaBasicExecutionRole v1 (the default version since 2015): three logs actions on `*`. Kept
 * in code so that checks never read reference files at run time.
 */
export function basicExecutionRolePolicy(partition: string): PolicySource {
  return {
    name: 'AWSLambdaBasicExecutionRole',
    arn: basicExecutionRoleArn(partition),
    kind: 'aws-managed',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    },
  };
}

/**
 * AWS managed policies made for execution roles (any partition); wildcard-permissions stays quiet on
 * them. Named one by one: `service-role/AWSLambda*` also matches AWSLambdaRole (lambda:InvokeFunction
 * on every function) and AWSLambdaReplicator (iam:PassRole on "*"), which are not execution policies
 * and whose wildcards a function does not need.
 */
const EXECUTION_POLICY_ARN =
  /^arn:aws[a-z-]*:iam::aws:policy\/(?:service-role\/(?:AWSLambda(?:Basic|VPCAccess|SQSQueue|Kinesis|DynamoDB|MSK)ExecutionRole|AWSLambdaENIManagementAccess)|AWSXRayDaemonWriteAccess|CloudWatchLambdaInsightsExecutionRolePolicy)$/;

export function isLambdaExecutionManagedPolicy(p: Pick<PolicySource, 'kind' | 'arn'>): boolean {
  return p.kind === 'aws-managed' && p.arn !== undefined && EXECUTION_POLICY_ARN.test(p.arn);
}

/** The managed policy AWS offers per feature, for remediation text. */
export function featurePolicyArn(partition: string, name: string): string {
  const path = name === 'AWSXRayDaemonWriteAccess' ? '' : 'service-role/';
  return `arn:${partition}:iam::aws:policy/${path}${name}`;
}
