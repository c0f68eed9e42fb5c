/**
 * SAM policy templates (`Policies: - S3ReadPolicy: {BucketName: x}`): the statements SAM writes for
 * each, as the AWS SAM Developer Guide's "Policy template list" documents them, rewritten here as
 * data. Parameters arrive resolved; an unresolved one stays Unresolved inside the statement, so the
 * statement is unknown (never a grant, never a safeguard). A template not listed here is unknown.
 */
import { Unresolved, isUnresolved } from './Unresolved.ts';

export interface PolicyTemplateScope {
  partition: string;
  region: string;
  accountId: string;
}

type Statement = Record<string, unknown>;
type Builder = (arg: (name: string) => string | Unresolved, scope: PolicyTemplateScope) => Statement[];

/** `arn:<partition>:<service>:<region>:<account>:<rest>`, Unresolved when `rest` needs an unknown parameter. */
function arn(scope: PolicyTemplateScope, service: string, rest: (string | Unresolved)[], regional = true): string | Unresolved {
  const unknown = rest.find(isUnresolved);
  if (unknown) return unknown;
  const where = regional ? `${scope.region}:${scope.accountId}` : ':';
  return `arn:${scope.partition}:${service}:${where}:${rest.join('')}`;
}

const allow = (action: string | string[], resource: unknown): Statement => ({ Effect: 'Allow', Action: action, Resource: resource });

const S3_READ = ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'];
const S3_WRITE = ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'];
const DYNAMODB_READ = ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'];

const bucket = (a: (name: string) => string | Unresolved, s: PolicyTemplateScope) => {
  const name = a('BucketName');
  return [arn(s, 's3', [name], false), arn(s, 's3', [name, '/*'], false)];
};
const table = (a: (name: string) => string | Unresolved, s: PolicyTemplateScope) => {
  const name = a('TableName');
  return [arn(s, 'dynamodb', ['table/', name]), arn(s, 'dynamodb', ['table/', name, '/index/*'])];
};

export const SAM_POLICY_TEMPLATES: Readonly<Record<string, Builder>> = {
  S3ReadPolicy: (a, s) => [allow(S3_READ, bucket(a, s))],
  S3WritePolicy: (a, s) => [allow(S3_WRITE, bucket(a, s))],
  S3CrudPolicy: (a, s) => [
    allow(
      ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl',
        's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObject'],
      bucket(a, s),
    ),
  ],
  DynamoDBReadPolicy: (a, s) => [allow(DYNAMODB_READ, table(a, s))],
  DynamoDBWritePolicy: (a, s) => [allow(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], table(a, s))],
  DynamoDBCrudPolicy: (a, s) => [
    allow(
      ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem'],
      table(a, s),
    ),
  ],
  SQSPollerPolicy: (a, s) => [
    allow(
      ['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch',
        'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      arn(s, 'sqs', [a('QueueName')]),
    ),
  ],
  SQSSendMessagePolicy: (a, s) => [allow(['sqs:SendMessage*'], arn(s, 'sqs', [a('QueueName')]))],
  SNSPublishMessagePolicy: (a, s) => [allow(['sns:Publish'], arn(s, 'sns', [a('TopicName')]))],
  LambdaInvokePolicy: (a, s) => [allow(['lambda:InvokeFunction'], arn(s, 'lambda', ['function:', a('FunctionName'), '*']))],
  KMSDecryptPolicy: (a, s) => [allow('kms:Decrypt', arn(s, 'kms', ['key/', a('KeyId')]))],
  AWSSecretsManagerGetSecretValuePolicy: (a) => [allow(['secretsmanager:GetSecretValue'], a('SecretArn'))],
  SSMParameterReadPolicy: (a, s) => [
    allow(['ssm:DescribeParameters'], '*'),
    allow(['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], arn(s, 'ssm', ['parameter/', a('ParameterName')])),
  ],
  SSMParameterWithSlashPrefixReadPolicy: (a, s) => [
    allow(['ssm:DescribeParameters'], '*'),
    allow(['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], arn(s, 'ssm', ['parameter', a('ParameterName')])),
  ],
  CloudWatchPutMetricPolicy: () => [allow(['cloudwatch:PutMetricData'], '*')],
  StepFunctionsExecutionPolicy: (a, s) => [allow(['states:StartExecution'], arn(s, 'states', ['stateMachine:', a('StateMachineName')]))],
  EventBridgePutEventsPolicy: (a, s) => [allow('events:PutEvents', arn(s, 'events', ['event-bus/', a('EventBusName')]))],
  VPCAccessPolicy: () => [
    allow(['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'], '*'),
  ],
};

/**
 * The statements of one policy template use, or why they cannot be known. `parameters` is the
 * resolved mapping under the template's name (`{}` for templates without parameters).
 */
export function expandPolicyTemplate(
  name: string,
  parameters: unknown,
  scope: PolicyTemplateScope,
): { statements: Statement[] } | { unknown: string } {
  const build = SAM_POLICY_TEMPLATES[name];
  if (build === undefined) return { unknown: `SAM policy template ${name} is not supported by keycard scan` };
  if (isUnresolved(parameters)) return { statements: build(() => parameters, scope) };
  const given = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>) : {};
  const arg = (key: string): string | Unresolved => {
    const value = given[key];
    if (value === undefined) return new Unresolved(`${name} has no ${key}`);
    if (isUnresolved(value)) return value;
    return String(value);
  };
  return { statements: build(arg, scope) };
}
