import { describe, expect, it } from 'vitest';
import { IntrinsicResolver } from '../../../shared/template/IntrinsicResolver.ts';
import { parseTemplate } from '../../../shared/template/parseTemplate.ts';
import { isUnresolved, Unresolved } from '../../../shared/template/Unresolved.ts';
import { yaml } from './scanText.ts';

const TEMPLATE = yaml`
  Parameters:
    Stage: { Type: String, Default: dev }
    BucketName: { Type: String }
    Subnets: { Type: CommaDelimitedList, Default: "subnet-1, subnet-2" }
    Secret: { Type: 'AWS::SSM::Parameter::Value<String>', Default: /app/secret }
  Mappings:
    Env: { dev: { Size: small } }
  Conditions:
    IsProd: !Equals [!Ref Stage, prod]
    NotProd: !Not [!Condition IsProd]
    BucketGiven: !Not [!Equals [!Ref BucketName, ""]]
  Resources:
    Queue: { Type: AWS::SQS::Queue, Properties: { QueueName: !Sub "orders-\${Stage}" } }
    Table: { Type: AWS::DynamoDB::Table }
    Topic: { Type: AWS::SNS::Topic }
    Role: { Type: AWS::IAM::Role, Properties: { Path: /service-role/ } }
    Fn: { Type: AWS::Serverless::Function }
    ProdOnly: { Type: AWS::SNS::Topic, Condition: IsProd }
    Odd: { Type: AWS::Custom::Thing }
`;

function resolverFor(overrides: Record<string, string> = {}) {
  const { body } = parseTemplate(TEMPLATE, 't.yaml');
  return new IntrinsicResolver(body, { accountId: '111122223333', region: 'eu-west-1', parameterOverrides: overrides });
}

describe('IntrinsicResolver', () => {
  const r = resolverFor();

  it.each<[string, unknown, unknown]>([
    ['pseudo parameters', { 'Fn::Sub': '${AWS::Partition}:${AWS::Region}:${AWS::AccountId}' }, 'aws:eu-west-1:111122223333'],
    ['parameter defaults', { Ref: 'Stage' }, 'dev'],
    ['list parameters', { Ref: 'Subnets' }, ['subnet-1', 'subnet-2']],
    ['Sub with a named name property', { 'Fn::GetAtt': ['Queue', 'Arn'] }, 'arn:aws:sqs:eu-west-1:111122223333:orders-dev'],
    ['Ref of a queue is its URL', { Ref: 'Queue' }, 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders-dev'],
    ['generated names are the logical id', { 'Fn::GetAtt': ['Table', 'Arn'] }, 'arn:aws:dynamodb:eu-west-1:111122223333:table/Table'],
    ['Ref of a topic is its ARN', { Ref: 'Topic' }, 'arn:aws:sns:eu-west-1:111122223333:Topic'],
    ['role paths', { 'Fn::GetAtt': ['Role', 'Arn'] }, 'arn:aws:iam::111122223333:role/service-role/Role'],
    ['Sub with GetAtt shorthand and variables', { 'Fn::Sub': ['${Fn.Arn}:${Q}', { Q: 'live' }] }, 'arn:aws:lambda:eu-west-1:111122223333:function:Fn:live'],
    ['Sub literal ${!x}', { 'Fn::Sub': 'a${!Literal}' }, 'a${Literal}'],
    ['Join', { 'Fn::Join': ['/', ['a', { Ref: 'Stage' }]] }, 'a/dev'],
    ['Select and Split', { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y,z'] }] }, 'y'],
    ['FindInMap', { 'Fn::FindInMap': ['Env', { Ref: 'Stage' }, 'Size'] }, 'small'],
    ['If on a false condition', { 'Fn::If': ['IsProd', 'big', 'small'] }, 'small'],
    ['Condition references', { 'Fn::If': ['NotProd', 'yes', 'no'] }, 'yes'],
    ['AWS::NoValue removes list items', ['a', { 'Fn::If': ['IsProd', 'b', { Ref: 'AWS::NoValue' }] }], ['a']],
  ])('resolves %s', (_label, value, expected) => {
    expect(r.resolve(value)).toEqual(expected);
  });

  it('applies parameter overrides over defaults, and to conditions', () => {
    const prod = resolverFor({ Stage: 'prod', BucketName: 'b' });
    expect(prod.resolve({ Ref: 'Stage' })).toBe('prod');
    expect(prod.resolve({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
    expect(prod.exists('ProdOnly')).toBe(true);
    expect(r.exists('ProdOnly')).toBe(false);
  });

  it.each<[string, unknown, RegExp]>([
    ['a parameter without a default or override', { Ref: 'BucketName' }, /parameter BucketName has no default and no --parameter-overrides BucketName=VALUE/],
    ['an SSM parameter', { Ref: 'Secret' }, /read from SSM parameter \/app\/secret at deploy time/],
    ['a Sub over an unknown parameter', { 'Fn::Sub': 'arn:aws:s3:::${BucketName}/*' }, /parameter BucketName/],
    ['an If on a condition over an unknown parameter', { 'Fn::If': ['BucketGiven', 'a', 'b'] }, /Fn::If BucketGiven: parameter BucketName/],
    ['another stack\'s export', { 'Fn::ImportValue': 'shared-role-arn' }, /another stack's export/],
    ['an unmodelled resource', { Ref: 'Odd' }, /AWS::Custom::Thing\) is not modelled/],
    ['an unmodelled attribute', { 'Fn::GetAtt': ['Fn', 'Version'] }, /Fn::GetAtt Fn.Version/],
    ['a missing resource', { Ref: 'Nope' }, /no such parameter or resource/],
  ])('leaves %s unresolved, saying why', (_label, value, reason) => {
    const resolved = r.resolve(value);
    expect(isUnresolved(resolved)).toBe(true);
    expect((resolved as Unresolved).reason).toMatch(reason);
  });

  it('uses the partition of the region', () => {
    const { body } = parseTemplate(TEMPLATE, 't.yaml');
    const cn = new IntrinsicResolver(body, { accountId: '111122223333', region: 'cn-north-1', parameterOverrides: {} });
    expect(cn.resolve({ 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe('arn:aws-cn:lambda:cn-north-1:111122223333:function:Fn');
  });
});
