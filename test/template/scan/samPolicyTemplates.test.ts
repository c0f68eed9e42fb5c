/**
 * Each supported SAM policy template, used from a function's Policies, grants what the SAM
 * documentation lists and nothing beyond it: asked of the policy evaluator, not read back as data.
 */
import { describe, expect, it } from 'vitest';
import { evaluateIdentityPolicies } from '../../../shared/policy/index.ts';
import { buildTemplateFacts } from '../../../shared/template/buildTemplateFacts.ts';
import { parseTemplate } from '../../../shared/template/parseTemplate.ts';
import { SAM_POLICY_TEMPLATES } from '../../../shared/template/samPolicyTemplates.ts';
import { yaml } from './scanText.ts';

const A = '111122223333';
const R = 'us-east-1';

/** [template, parameters, allowed action on resource, an action or resource it must not grant]. */
const CASES: [string, string, [string, string], [string, string]][] = [
  ['S3ReadPolicy', 'BucketName: docs', ['s3:GetObject', 'arn:aws:s3:::docs/a.pdf'], ['s3:PutObject', 'arn:aws:s3:::docs/a.pdf']],
  ['S3WritePolicy', 'BucketName: docs', ['s3:PutObject', 'arn:aws:s3:::docs/a.pdf'], ['s3:GetObject', 'arn:aws:s3:::docs/a.pdf']],
  ['S3CrudPolicy', 'BucketName: docs', ['s3:DeleteObject', 'arn:aws:s3:::docs/a.pdf'], ['s3:DeleteObject', 'arn:aws:s3:::other/a.pdf']],
  ['DynamoDBReadPolicy', 'TableName: orders', ['dynamodb:Query', `arn:aws:dynamodb:${R}:${A}:table/orders/index/byDate`], ['dynamodb:PutItem', `arn:aws:dynamodb:${R}:${A}:table/orders`]],
  ['DynamoDBWritePolicy', 'TableName: orders', ['dynamodb:BatchWriteItem', `arn:aws:dynamodb:${R}:${A}:table/orders`], ['dynamodb:GetItem', `arn:aws:dynamodb:${R}:${A}:table/orders`]],
  ['DynamoDBCrudPolicy', 'TableName: orders', ['dynamodb:DeleteItem', `arn:aws:dynamodb:${R}:${A}:table/orders`], ['dynamodb:DeleteTable', `arn:aws:dynamodb:${R}:${A}:table/orders`]],
  ['SQSPollerPolicy', 'QueueName: jobs', ['sqs:ReceiveMessage', `arn:aws:sqs:${R}:${A}:jobs`], ['sqs:SendMessage', `arn:aws:sqs:${R}:${A}:jobs`]],
  ['SQSSendMessagePolicy', 'QueueName: jobs', ['sqs:SendMessageBatch', `arn:aws:sqs:${R}:${A}:jobs`], ['sqs:ReceiveMessage', `arn:aws:sqs:${R}:${A}:jobs`]],
  ['SNSPublishMessagePolicy', 'TopicName: alerts', ['sns:Publish', `arn:aws:sns:${R}:${A}:alerts`], ['sns:Publish', `arn:aws:sns:${R}:${A}:alerts-other`]],
  ['LambdaInvokePolicy', 'FunctionName: worker', ['lambda:InvokeFunction', `arn:aws:lambda:${R}:${A}:function:worker:live`], ['lambda:UpdateFunctionCode', `arn:aws:lambda:${R}:${A}:function:worker`]],
  ['KMSDecryptPolicy', 'KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab', ['kms:Decrypt', `arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`], ['kms:Encrypt', `arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`]],
  ['AWSSecretsManagerGetSecretValuePolicy', `SecretArn: arn:aws:secretsmanager:${R}:${A}:secret:db-AbCdEf`, ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${R}:${A}:secret:db-AbCdEf`], ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${R}:${A}:secret:other-AbCdEf`]],
  ['SSMParameterReadPolicy', 'ParameterName: app/config', ['ssm:GetParameter', `arn:aws:ssm:${R}:${A}:parameter/app/config`], ['ssm:PutParameter', `arn:aws:ssm:${R}:${A}:parameter/app/config`]],
  ['SSMParameterWithSlashPrefixReadPolicy', 'ParameterName: /app/config', ['ssm:GetParametersByPath', `arn:aws:ssm:${R}:${A}:parameter/app/config`], ['ssm:GetParameter', `arn:aws:ssm:${R}:${A}:parameter/other`]],
  ['CloudWatchPutMetricPolicy', '{}', ['cloudwatch:PutMetricData', '*'], ['cloudwatch:DeleteAlarms', '*']],
  ['StepFunctionsExecutionPolicy', 'StateMachineName: flow', ['states:StartExecution', `arn:aws:states:${R}:${A}:stateMachine:flow`], ['states:StopExecution', `arn:aws:states:${R}:${A}:execution:flow:x`]],
  ['EventBridgePutEventsPolicy', 'EventBusName: orders-bus', ['events:PutEvents', `arn:aws:events:${R}:${A}:event-bus/orders-bus`], ['events:PutEvents', `arn:aws:events:${R}:${A}:event-bus/default`]],
  ['VPCAccessPolicy', '{}', ['ec2:CreateNetworkInterface', '*'], ['ec2:RunInstances', '*']],
];

/** The role's gaps but the basic execution policy, which the empty catalogue here does not have. */
const gaps = (role: { incomplete: { what: string; reason: string }[] }) => role.incomplete.filter((g) => !g.what.includes('AWSLambdaBasicExecutionRole'));

function roleWith(template: string, parameters: string) {
  const text = yaml`
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - ${template}: ${parameters.startsWith('{') ? parameters : `{ ${parameters} }`}
  `;
  const { facts } = buildTemplateFacts([parseTemplate(text, 't.yaml')], { accountId: A, region: R, parameterOverrides: {} }, () => undefined);
  return [...facts.roles.values()][0]!;
}

describe('SAM policy templates', () => {
  it('covers every supported template in this test', () => {
    expect(CASES.map(([name]) => name).sort()).toEqual(Object.keys(SAM_POLICY_TEMPLATES).sort());
  });

  it.each(CASES)('%s (%s) grants what SAM documents, and no more', (template, parameters, [action, resource], [otherAction, otherResource]) => {
    const role = roleWith(template, parameters);
    expect(gaps(role)).toEqual([]);
    const inline = role.policies.filter((p) => p.kind === 'inline');
    expect(evaluateIdentityPolicies({ action, resource }, inline).decision).toBe('Allowed');
    expect(evaluateIdentityPolicies({ action: otherAction, resource: otherResource }, inline).decision).toBe('ImplicitlyDenied');
  });

  it('reports a template it does not know as unknown, never a grant', () => {
    const role = roleWith('RekognitionLabelsPolicy', '{}');
    expect(gaps(role)).toEqual([
      { what: `policy RekognitionLabelsPolicy of role FnRole`, reason: expect.stringMatching(/not supported by keycard scan; its permissions are unknown \(never a grant, never a safeguard\)/) },
    ]);
    expect(role.policies.filter((p) => p.kind === 'inline')).toEqual([]);
  });

  it('keeps a template over an unresolved parameter unknown: never a grant', () => {
    const text = yaml`
      Parameters:
        Bucket: { Type: String }
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Policies:
              - S3CrudPolicy: { BucketName: !Ref Bucket }
    `;
    const { facts } = buildTemplateFacts([parseTemplate(text, 't.yaml')], { accountId: A, region: R, parameterOverrides: {} }, () => undefined);
    const role = [...facts.roles.values()][0]!;
    const inline = role.policies.filter((p) => p.kind === 'inline');
    expect(evaluateIdentityPolicies({ action: 's3:DeleteObject', resource: 'arn:aws:s3:::anything/x' }, inline).decision).toBe('ConditionallyAllowed');
    expect(gaps(role).map((g) => g.reason)).toEqual([expect.stringMatching(/parameter Bucket has no default.*treated as unknown/)]);
  });
});
