import { describe, expect, it } from 'vitest';
import { wildcardPermissionsCheck } from '../../shared/checks/wildcard-permissions.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { customer, inline, makeContext, makeFunction, makeRole, managed } from './fixtures/role/factories.ts';

const run = (policies: PolicySource[]) => {
  const role = makeRole({ policies: [managed('AWSLambdaBasicExecutionRole'), ...policies] });
  const fns = [makeFunction(role)];
  return { role, fns, findings: wildcardPermissionsCheck.evaluate(role, fns, makeContext([role], fns)) };
};

describe('wildcard-permissions', () => {
  it.each([
    ['a service-wide wildcard s3:* (even on named buckets)', [inline('wildcard-s3-service.json')], 'wildcard-s3-service', 'service-wide action wildcard s3:*'],
    ['Resource "*" on DynamoDB item actions', [inline('wildcard-resource-star-data.json')], 'wildcard-resource-star-data', 'Resource "*" on actions that accept specific ARNs (dynamodb:GetItem, dynamodb:Query)'],
    ['secretsmanager:Get* on "*"', [customer('wildcard-get-star.json')], 'wildcard-get-star', 'secretsmanager:GetSecretValue'],
    ['NotResource on s3:GetObject', [inline('wildcard-notresource.json')], 'wildcard-notresource', 'NotResource'],
    ['a NotAction allow that is not admin', [inline('wildcard-notaction-limited.json')], 'wildcard-notaction-limited', 'NotAction allows every action except'],
    ['IAMFullAccess (iam:* on "*"; AWS managed but not an execution policy)', [managed('IAMFullAccess')], 'IAMFullAccess', 'service-wide action wildcard iam:*'],
    ['AWSLambda_FullAccess (lambda:*)', [managed('AWSLambda_FullAccess')], 'AWSLambda_FullAccess', 'lambda:*'],
    ['iam:Put* on "*" from a URL-encoded document', [inline('iam-put-wildcard-url-encoded.txt')], 'iam-put-wildcard-url-encoded', 'iam:PutRolePolicy'],
    ['a customer copy of the DynamoDB execution policy (stream actions on "*")', [customer('ddb-exec-copy.json')], 'ddb-exec-copy', 'dynamodb:DescribeStream'],
  ])('fires for %s', (_name, policies, source, mention) => {
    const { role, fns, findings } = run(policies);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ checkId: 'wildcard-permissions', severity: 'low', door: 'role', resourceArn: role.arn, functionArns: [fns[0]!.arn] });
    expect(f.detail).toContain(mention);
    expect(f.evidence.find((e) => e.source === source)?.statementIndex).toBeDefined();
    expect(f.remediation.cli).toMatch(new RegExp(`--role-name ${role.name}|--policy-arn arn:aws:iam::111122223333:policy/${source}`));
    expect(f.remediation.cli).not.toMatch(/<[A-Za-z]+>/);
  });

  it.each([
    ['the AWS managed execution policies', ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSLambdaSQSQueueExecutionRole', 'AWSLambdaKinesisExecutionRole', 'AWSLambdaDynamoDBExecutionRole', 'AWSLambdaMSKExecutionRole', 'AWSLambdaENIManagementAccess', 'AWSXRayDaemonWriteAccess', 'CloudWatchLambdaInsightsExecutionRolePolicy'].map(managed)],
    ['a scoped application policy (PutMetricData only works on "*")', [inline('orders-app-scoped.json')]],
    ['actions that only accept "*", and what Lambda itself needs on "*"', [inline('star-only-actions.json')]],
    ['the AWS-documented scoped logs policy', [inline('logs-own-group.json')]],
    ['AdministratorAccess (admin-access reports it)', [managed('AdministratorAccess')]],
    ['PowerUserAccess (admin-access reports it)', [managed('PowerUserAccess')]],
    ['Deny statements with wildcards', [inline('deny-s3.json'), inline('deny-all-but-app-bucket-notresource.json')]],
  ])('does not fire for %s', (_name, policies) => {
    expect(run(policies).findings).toEqual([]);
  });

  it('lists every offending statement and fixes each policy the right way', () => {
    const { findings } = run([inline('wildcard-s3-service.json'), customer('wildcard-get-star.json'), managed('IAMFullAccess')]);
    const f = findings[0]!;
    expect(f.evidence.map((e) => e.source)).toEqual(['wildcard-s3-service', 'wildcard-get-star', 'IAMFullAccess']);
    // Keycard cannot know the scoped form: each document is printed as it is, ready to edit (a no-op if pasted
    // unedited), and an AWS managed policy, which cannot be edited, is only named.
    const doc = (p: { document: unknown }) => `'${JSON.stringify(p.document)}'`;
    const [s3, getStar] = [inline('wildcard-s3-service.json'), customer('wildcard-get-star.json')];
    expect(f.remediation.cli.split('\n')).toEqual([
      expect.stringMatching(/^# Scope statement\(s\) .* of wildcard-s3-service .*pasted unedited, this changes nothing\.$/),
      `aws iam put-role-policy --role-name orders-api-role --policy-name wildcard-s3-service --policy-document ${doc(s3)}`,
      expect.stringMatching(/^# Scope statement\(s\) .* of wildcard-get-star .* The policy changes for every role it is attached to\.$/),
      `aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy/wildcard-get-star --policy-document ${doc(getStar)} --set-as-default`,
      '# IAMFullAccess is AWS managed and cannot be scoped: attach a customer managed policy with what the function uses, then: aws iam detach-role-policy --role-name orders-api-role --policy-arn arn:aws:iam::aws:policy/IAMFullAccess',
    ]);
  });
});
