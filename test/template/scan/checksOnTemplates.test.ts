/**
 * Every check, through `scanTemplates`, on small templates: one that fires (at the line named) and
 * one that does not. The checks are the registry audit runs; only the facts come from a template.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../shared/checks/registry.ts';
import { firing, scanText, yaml } from './scanText.ts';

const head = yaml`
  Transform: AWS::Serverless-2016-10-31
  Globals:
    Function:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
  Resources:
`;
/** A template: the common head, then the resources given (indented under Resources). */
const t = (resources: string) => `${head}${resources.replace(/^\n/, '').replace(/^/gm, '  ')}\n`;
const lambdaTrust = 'AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }';

/** [check id, firing template, expected `check@line` among the findings, a template where it does not fire]. */
const CASES: [string, string, string, string][] = [
  [
    'admin-access',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - AdministratorAccess
    `),
    'admin-access@12',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - AWSLambdaBasicExecutionRole
    `),
  ],
  [
    'privilege-escalation',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - Statement:
                - Effect: Allow
                  Action: iam:PassRole
                  Resource: '*'
    `),
    'privilege-escalation@13',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - Statement:
                - Effect: Allow
                  Action: iam:PassRole
                  Resource: !Sub arn:aws:iam::\${AWS::AccountId}:role/worker
                  Condition: { StringEquals: { iam:PassedToService: lambda.amazonaws.com } }
    `),
  ],
  [
    'missing-log-permissions',
    t(yaml`
      Role:
        Type: AWS::IAM::Role
        Properties:
          ${lambdaTrust}
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Role: !GetAtt Role.Arn
    `),
    'missing-log-permissions@15',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
    `),
  ],
  [
    'missing-feature-permissions',
    t(yaml`
      Role:
        Type: AWS::IAM::Role
        Properties:
          ${lambdaTrust}
          ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Role: !GetAtt Role.Arn
          Tracing: Active
    `),
    'missing-feature-permissions@16',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Tracing: Active
          VpcConfig: { SubnetIds: [subnet-1], SecurityGroupIds: [sg-1] }
          DeadLetterQueue: { Type: SQS, TargetArn: !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:dlq' }
          Events:
            Jobs: { Type: SQS, Properties: { Queue: !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:jobs' } }
    `),
  ],
  [
    'lambda-cannot-assume-role',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: sts:AssumeRole }] }
    `),
    'lambda-cannot-assume-role@11',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
    `),
  ],
  [
    'broad-trust-policy',
    t(yaml`
      Role:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument:
            Statement:
              - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
              - { Effect: Allow, Principal: { AWS: arn:aws:iam::999988887777:root }, Action: sts:AssumeRole }
          ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Role: !GetAtt Role.Arn
    `),
    'broad-trust-policy@14',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
    `),
  ],
  [
    'shared-execution-role',
    t(yaml`
      Role:
        Type: AWS::IAM::Role
        Properties:
          ${lambdaTrust}
          ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
      A: { Type: AWS::Serverless::Function, Properties: { Role: !GetAtt Role.Arn } }
      B: { Type: AWS::Serverless::Function, Properties: { Role: !GetAtt Role.Arn } }
    `),
    'shared-execution-role@8',
    t(yaml`
      A: { Type: AWS::Serverless::Function }
      B: { Type: AWS::Serverless::Function }
    `),
  ],
  [
    'wildcard-permissions',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - Statement:
                - Sid: AllOfS3
                  Effect: Allow
                  Action: s3:*
                  Resource: '*'
    `),
    'wildcard-permissions@13',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - S3CrudPolicy: { BucketName: uploads }
    `),
  ],
  [
    'public-invoke',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
      Anyone:
        Type: AWS::Lambda::Permission
        Properties: { FunctionName: !GetAtt Fn.Arn, Action: lambda:InvokeFunction, Principal: '*' }
    `),
    'public-invoke@10',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
      Same:
        Type: AWS::Lambda::Permission
        Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: !Ref AWS::AccountId }
    `),
  ],
  [
    'public-function-url',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          FunctionUrlConfig:
            AuthType: NONE
    `),
    'public-function-url@11',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          FunctionUrlConfig:
            AuthType: AWS_IAM
    `),
  ],
  [
    'cross-account-invoke',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
      Partner:
        Type: AWS::Lambda::Permission
        Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '444455556666' }
    `),
    'cross-account-invoke@10',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
      Own:
        Type: AWS::Lambda::Permission
        Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '111122223333' }
    `),
  ],
  [
    'confused-deputy',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
      FromS3:
        Type: AWS::Lambda::Permission
        Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com }
    `),
    'confused-deputy@10',
    t(yaml`
      Bucket: { Type: AWS::S3::Bucket, Properties: { BucketName: uploads } }
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Events:
            Upload: { Type: S3, Properties: { Bucket: !Ref Bucket, Events: 's3:ObjectCreated:*' } }
    `),
  ],
  [
    'evaluation-incomplete',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - RekognitionLabelsPolicy: {}
    `),
    'evaluation-incomplete@12',
    t(yaml`
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies:
            - CloudWatchPutMetricPolicy: {}
    `),
  ],
];

describe('the checks on templates', () => {
  it('covers every registered check a template can fire (a trail is read from a live account only)', () => {
    const liveOnly = ['no-management-events-trail'];
    expect(CASES.map(([id]) => id).sort()).toEqual(CHECKS.map((c) => c.metadata.id).filter((id) => !liveOnly.includes(id)).sort());
  });

  it.each(CASES)('%s fires at its line', (_id, template, expected) => {
    expect(firing(scanText(template).result.findings)).toContain(expected);
  });

  it.each(CASES)('%s does not fire on the fixed template', (id, _template, _expected, fixed) => {
    const findings = scanText(fixed).result.findings;
    expect(findings.filter((f) => f.checkId === id).map((f) => f.detail)).toEqual([]);
  });

  it('reads JSON as it reads YAML', () => {
    const json = JSON.stringify({
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess' }] } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
      },
    }, null, 2);
    const line = json.split('\n').findIndex((l) => l.includes('"Fn::Sub"')) + 1;
    expect(firing(scanText(json).result.findings)).toEqual([`admin-access@${line - 1}`]);
  });
});
