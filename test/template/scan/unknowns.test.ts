/**
 * What scan cannot resolve is unknown: never a grant, never a safeguard, and the role or function
 * whose verdict depends on it says so (an evaluation-incomplete finding at the line).
 */
import { describe, expect, it } from 'vitest';
import { firing, scanText, yaml } from './scanText.ts';

const adminByParameter = yaml`
  Parameters:
    PolicyArn: { Type: String }
  Resources:
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: nodejs22.x
        Handler: index.handler
        Policies:
          - !Ref PolicyArn
`;

describe('unknown values', () => {
  it('a managed policy from a parameter without a value is no grant, and said so at its line', () => {
    const findings = scanText(adminByParameter).result.findings;
    expect(firing(findings)).toEqual(['evaluation-incomplete@10']);
    expect(findings[0]!.detail).toMatch(/parameter PolicyArn has no default and no --parameter-overrides PolicyArn=VALUE/);
  });

  it('the same template with --parameter-overrides resolves it', () => {
    const findings = scanText(adminByParameter, { parameterOverrides: { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }).result.findings;
    expect(firing(findings)).toEqual(['admin-access@10']);
  });

  it('an Allow * on an unresolved resource is not admin access; a Deny on one is no safeguard', () => {
    const findings = scanText(yaml`
      Parameters:
        Scope: { Type: String }
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs22.x
            Handler: index.handler
            Policies:
              - AdministratorAccess
              - Statement:
                  - Effect: Deny
                    Action: '*'
                    Resource: !Ref Scope
        Other:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs22.x
            Handler: index.handler
            Policies:
              - Statement:
                  - Effect: Allow
                    Action: '*'
                    Resource: !Sub 'arn:aws:s3:::\${Scope}'
    `).result.findings;
    // Fn: the Deny on an unknown resource does not remove admin access; it only makes log writing
    // uncertain (missing-log-permissions at the Deny). Other: Allow * on an unknown resource grants
    // nothing for sure (no admin-access), though its Action "*" is a wildcard as written.
    expect(firing(findings)).toEqual([
      'admin-access@10',
      'evaluation-incomplete@12',
      'evaluation-incomplete@22',
      'missing-log-permissions@12',
      'wildcard-permissions@22',
    ]);
    const gap = findings.find((f) => f.checkId === 'evaluation-incomplete' && f.location?.line === 22)!;
    expect(gap.detail).toMatch(/statement #0 of inline policy OtherRolePolicy0 of role OtherRole: parameter Scope has no default.*treated as unknown \(never a grant, never a safeguard\)/);
  });

  it('Fn::If follows conditions over parameters, defaults and overrides', () => {
    const template = yaml`
      Parameters:
        Debug: { Type: String, Default: 'false', AllowedValues: ['true', 'false'] }
      Conditions:
        IsDebug: !Equals [!Ref Debug, 'true']
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs22.x
            Handler: index.handler
            Policies:
              - !If [IsDebug, AdministratorAccess, !Ref AWS::NoValue]
    `;
    expect(firing(scanText(template).result.findings)).toEqual([]);
    expect(firing(scanText(template, { parameterOverrides: { Debug: 'true' } }).result.findings)).toEqual(['admin-access@12']);
  });

  it('a role only referenced by ARN is reported once, for all its functions, at the Role line', () => {
    const { findings } = scanText(yaml`
      Resources:
        A: { Type: AWS::Lambda::Function, Properties: { Role: 'arn:aws:iam::111122223333:role/platform/shared' } }
        B: { Type: AWS::Lambda::Function, Properties: { Role: 'arn:aws:iam::111122223333:role/platform/shared' } }
    `).result;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ checkId: 'evaluation-incomplete', location: { line: 2 } });
    expect(findings[0]!.functionArns).toHaveLength(2);
    expect(findings[0]!.detail).toMatch(/referenced by ARN only: not visible to keycard scan/);
  });

  it('a customer managed policy only referenced by ARN is reported once, naming every role using it', () => {
    const { findings } = scanText(yaml`
      Resources:
        A:
          Type: AWS::Serverless::Function
          Properties: { Runtime: nodejs22.x, Handler: i.h, Policies: [arn:aws:iam::111122223333:policy/team-boundary] }
        B:
          Type: AWS::Serverless::Function
          Properties: { Runtime: nodejs22.x, Handler: i.h, Policies: [arn:aws:iam::111122223333:policy/team-boundary] }
    `).result;
    const gaps = findings.filter((f) => f.checkId === 'evaluation-incomplete');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.detail).toMatch(/defined outside the template, so not visible to keycard scan \(attached to roles ARole, BRole\)/);
  });

  it('an AWS managed policy name the catalogue does not have is unknown', () => {
    const { findings } = scanText(yaml`
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties: { Runtime: nodejs22.x, Handler: i.h, Policies: [NoSuchManagedPolicyName] }
    `).result;
    expect(firing(findings)).toEqual(['evaluation-incomplete@4']);
    expect(findings[0]!.detail).toMatch(/NoSuchManagedPolicyName: not in the AWS managed policy catalogue/);
  });

  it('Globals reach every SAM function (Tracing adds the X-Ray policy to a generated role, not to an explicit one)', () => {
    const { findings } = scanText(yaml`
      Globals:
        Function: { Tracing: Active, Runtime: nodejs22.x, Handler: i.h }
      Resources:
        Generated: { Type: AWS::Serverless::Function }
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
            ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
        Explicit: { Type: AWS::Serverless::Function, Properties: { Role: !GetAtt Role.Arn } }
    `).result;
    expect(firing(findings)).toEqual(['missing-feature-permissions@10']);
    expect(findings[0]!.detail).toMatch(/X-Ray|xray/);
  });

  it('says which resources it does not expand (nested stacks, Fn::ForEach), at their line', () => {
    const { findings } = scanText(yaml`
      Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
      Resources:
        Workers:
          Type: AWS::Serverless::Application
          Properties: { Location: ./workers.yaml }
        Fn::ForEach::Queues:
          - Name
          - [a, b]
          - Queue\${Name}: { Type: AWS::SQS::Queue }
    `).result;
    expect(firing(findings)).toEqual(['evaluation-incomplete@3', 'evaluation-incomplete@6']);
    expect(findings.map((f) => f.detail).join('\n')).toMatch(/nested stack: scan its template too/);
  });

  it('finds a role given by !Ref (its name) with its path', () => {
    const { findings, functions } = scanText(yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            Path: /service-role/
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
            ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
        Fn: { Type: AWS::Lambda::Function, Properties: { Role: !Ref Role } }
    `).result;
    expect(functions[0]!.roleArn).toBe('arn:aws:iam::111122223333:role/service-role/Role');
    expect(findings).toEqual([]);
  });

  it('resolves Fn::If around whole policies, documents and lists on IAM roles', () => {
    const template = yaml`
      Parameters:
        Open: { Type: String, Default: 'no' }
      Conditions:
        IsOpen: !Equals [!Ref Open, 'yes']
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
            ManagedPolicyArns: !If [IsOpen, [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole], []]
            Policies:
              - !If
                - IsOpen
                - PolicyName: open
                  PolicyDocument: { Statement: [{ Effect: Allow, Action: 'iam:*', Resource: '*' }] }
                - !Ref AWS::NoValue
              - PolicyName: maybe
                PolicyDocument: !If [IsOpen, { Statement: [{ Effect: Allow, Action: 'iam:PassRole', Resource: '*' }] }, !Ref AWS::NoValue]
        Fn: { Type: AWS::Lambda::Function, Properties: { Role: !GetAtt Role.Arn } }
    `;
    // Closed: no managed policy and neither inline policy, so the function cannot write logs.
    expect(firing(scanText(template).result.findings)).toEqual(['missing-log-permissions@19']);
    // Open: the basic policy, and both conditional policies (an item written as !If is placed at the !If).
    const open = scanText(template, { parameterOverrides: { Open: 'yes' } }).result.findings;
    expect(firing(open)).toEqual(['privilege-escalation@12', 'wildcard-permissions@12']);
    expect(open.find((f) => f.checkId === 'privilege-escalation')!.detail).toMatch(/policy "maybe"/);
  });

  it('a permission on an unknown function is said, not dropped', () => {
    const { findings } = scanText(yaml`
      Resources:
        Fn: { Type: AWS::Serverless::Function, Properties: { Runtime: nodejs22.x, Handler: i.h, AutoPublishAlias: live } }
        Anyone:
          Type: AWS::Lambda::Permission
          Properties: { FunctionName: !Ref FnAliaslive, Action: lambda:InvokeFunction, Principal: '*' }
    `).result;
    expect(firing(findings)).toEqual(['evaluation-incomplete@3']);
    expect(findings[0]!.detail).toMatch(/invoke permission Anyone .* FunctionName is unknown/);
  });

  it('a permissions boundary from the catalogue caps the role; one not visible is no safeguard', () => {
    const withBoundary = (boundary: string) => yaml`
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs22.x
            Handler: i.h
            Policies: [AdministratorAccess]
            PermissionsBoundary: ${boundary}
    `;
    // Capped: no admin access any more, though the Allow "*" as written is still a wildcard.
    expect(firing(scanText(withBoundary('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')).result.findings)).toEqual(['wildcard-permissions@7']);
    const hidden = scanText(withBoundary('arn:aws:iam::111122223333:policy/org-boundary')).result.findings;
    expect(firing(hidden)).toEqual(['admin-access@7', 'evaluation-incomplete@8']);
  });

  it('reads AWS::Lambda::Url and AWS::Lambda::EventSourceMapping resources onto their function', () => {
    const { findings } = scanText(yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
            ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
        Fn: { Type: AWS::Lambda::Function, Properties: { Role: !GetAtt Role.Arn } }
        Url: { Type: AWS::Lambda::Url, Properties: { TargetFunctionArn: !GetAtt Fn.Arn, AuthType: NONE } }
        UrlPublic:
          Type: AWS::Lambda::Permission
          Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE }
        Jobs: { Type: AWS::SQS::Queue }
        Mapping: { Type: AWS::Lambda::EventSourceMapping, Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Jobs.Arn } }
    `).result;
    expect(firing(findings)).toEqual(['missing-feature-permissions@7', 'public-function-url@8']);
    expect(findings.find((f) => f.checkId === 'missing-feature-permissions')!.detail).toMatch(/sqs:ReceiveMessage/);
  });

  it('gives SAM-generated roles the execution policy of their poll events', () => {
    const { findings } = scanText(yaml`
      Resources:
        Stream: { Type: AWS::Kinesis::Stream, Properties: { ShardCount: 1 } }
        Table: { Type: AWS::DynamoDB::Table, Properties: { StreamSpecification: { StreamViewType: NEW_IMAGE } } }
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Runtime: nodejs22.x
            Handler: i.h
            Events:
              Clicks: { Type: Kinesis, Properties: { Stream: !GetAtt Stream.Arn, StartingPosition: LATEST } }
              Changes: { Type: DynamoDB, Properties: { Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST } }
    `).result;
    expect(findings.map((f) => `${f.checkId}: ${f.detail}`)).toEqual([]);
  });
});
