/**
 * `cdk synth` output: JSON, policies as AWS::IAM::Policy / AWS::IAM::ManagedPolicy resources that
 * name their roles, ARNs built with Fn::Join and pseudo parameters, CDK's metadata condition.
 */
import { describe, expect, it } from 'vitest';
import { firing, scanText } from './scanText.ts';

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

function synth(extraStatements: unknown[]): string {
  return JSON.stringify(
    {
      Conditions: { CDKMetadataAvailable: { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }] } },
      Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
      Resources: {
        HandlerServiceRoleFCDC14AE: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }], Version: '2012-10-17' },
            ManagedPolicyArns: [partitionArn(':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')],
          },
        },
        HandlerServiceRoleDefaultPolicyCBD0CC91: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyDocument: {
              Statement: [{ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Effect: 'Allow', Resource: { 'Fn::GetAtt': ['TableCD117FA1', 'Arn'] } }, ...extraStatements],
              Version: '2012-10-17',
            },
            PolicyName: 'HandlerServiceRoleDefaultPolicyCBD0CC91',
            Roles: [{ Ref: 'HandlerServiceRoleFCDC14AE' }],
          },
        },
        AuditPolicy: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: { Statement: [{ Action: 'cloudwatch:PutMetricData', Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' }, Roles: [{ Ref: 'HandlerServiceRoleFCDC14AE' }] },
        },
        TableCD117FA1: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } },
        Handler886CB40B: {
          Type: 'AWS::Lambda::Function',
          Properties: { Code: { ZipFile: 'exports.handler = async () => {}' }, Handler: 'index.handler', Role: { 'Fn::GetAtt': ['HandlerServiceRoleFCDC14AE', 'Arn'] }, Runtime: 'nodejs22.x' },
          DependsOn: ['HandlerServiceRoleDefaultPolicyCBD0CC91', 'HandlerServiceRoleFCDC14AE'],
        },
        HandlerInvokeFromTopic: {
          Type: 'AWS::Lambda::Permission',
          Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Handler886CB40B', 'Arn'] }, Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'Topic' } },
        },
        Topic: { Type: 'AWS::SNS::Topic' },
        CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:H4sI' }, Condition: 'CDKMetadataAvailable' },
      },
    },
    null,
    1,
  );
}

describe('cdk synth output', () => {
  it('is read whole: role, attached AWS::IAM::Policy and ManagedPolicy, pinned permission; nothing to report', () => {
    const { result } = scanText(synth([]));
    expect(result.summary).toMatchObject({ functionsEvaluated: 1, rolesEvaluated: 1 });
    expect(result.findings).toEqual([]);
  });

  it('reports a grant added through the AWS::IAM::Policy resource at its statement', () => {
    const text = synth([{ Action: 'iam:PassRole', Effect: 'Allow', Resource: '*' }]);
    const line = text.split('\n').findIndex((l) => l.includes('"iam:PassRole"')) ;
    expect(firing(scanText(text).result.findings)).toEqual([`privilege-escalation@${line}`, `wildcard-permissions@${line}`]);
  });
});
