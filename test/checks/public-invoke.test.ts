import { describe, expect, it } from 'vitest';
import { publicInvokeCheck } from '../../shared/checks/public-invoke.ts';
import { contextFor, functionFacts, getPolicyFixture, policyOf, roleFacts } from './lock/lockFacts.ts';

const run = (...statements: string[]) =>
  publicInvokeCheck.evaluate(functionFacts({ resourcePolicy: policyOf(...statements) }), roleFacts(), contextFor());

describe('public-invoke', () => {
  it.each([
    ['Principal "*" with lambda:InvokeFunction and no condition', 'public-star'],
    ['Principal {"AWS":"*"}', 'public-aws-star'],
    ['lambda:* for everyone', 'public-lambda-star'],
    ['"*" action for everyone', 'public-star-action'],
    ['lambda:Invoke* for everyone', 'public-invoke-wildcard'],
    ['a SourceAccount pin under StringEqualsIfExists (the key may be absent)', 'public-source-account-ifexists'],
    ['an aws:SourceArn of "*"', 'public-source-arn-star'],
    ['an aws:SourceArn with no account (bucket ARN alone)', 'public-source-arn-bucket'],
    ['an aws:SourceArn whose account is a wildcard', 'public-source-arn-wild-account'],
    ['a negated SourceAccount condition (admits every other account)', 'public-source-account-negated'],
    ['aws:SourceIp 0.0.0.0/0', 'public-source-ip-open'],
    ['a condition that pins no caller (aws:SecureTransport)', 'public-secure-transport'],
    ['ForAllValues on PrincipalOrgPaths (true when the key is absent)', 'public-forallvalues-org'],
    ['a Deny for everyone that depends on a condition (not a safeguard)', 'public-star', 'deny-everyone-outside-vpce'],
  ])('fires for %s', (_name, ...statements) => {
    const findings = run(...statements);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      checkId: 'public-invoke',
      severity: 'critical',
      door: 'resource-policy',
      resourceArn: 'arn:aws:lambda:us-east-1:111122223333:function:fn',
      functionArns: ['arn:aws:lambda:us-east-1:111122223333:function:fn'],
    });
    expect(finding?.evidence[0]).toMatchObject({ source: 'resource-policy', statementIndex: 0 });
    expect(finding?.remediation.cli).toContain(`--function-name fn --statement-id ${finding?.evidence[0]?.statementSid}`);
  });

  it.each([
    ['an S3 service principal pinned by SourceArn and SourceAccount', 's3-pinned'],
    ['PrincipalOrgID (Lambda\'s --principal-org-id)', 'public-org'],
    ['aws:SourceAccount pinned to the own account', 'public-source-account-own'],
    ['aws:SourceArn with a concrete account', 'public-source-arn-account'],
    ['aws:SourceIp on a real range', 'public-source-ip-range'],
    ['aws:SourceVpce', 'public-source-vpce'],
    ['aws:PrincipalAccount (another account: cross-account-invoke\'s)', 'public-principal-account-foreign'],
    ['aws:PrincipalArn', 'public-principal-arn-own'],
    ['a public read-only action', 'public-getfunction'],
    ['the function-URL statement pair (public-function-url\'s)', 'url-public', 'url-invoke-via-url'],
    ['an unconditional Deny for everyone', 'public-star', 'deny-everyone'],
    ['lambda:* pinned by lambda:FunctionUrlAuthType (only URL requests carry the key)', 'url-lambda-star-authtype'],
    ['a foreign account principal (cross-account-invoke\'s)', 'account-foreign-root'],
  ])('stays quiet for %s', (_name, ...statements) => {
    expect(run(...statements)).toEqual([]);
  });

  it('fires when the function-URL condition is IfExists: plain invocations also pass', () => {
    expect(run('url-invoke-via-url-ifexists')).toHaveLength(1);
  });

  it('reports each public statement once', () => {
    expect(run('public-star', 'public-aws-star', 's3-pinned').map((f) => f.evidence[0]?.statementSid)).toEqual(['public', 'public-aws']);
  });

  it('reads a get-policy output with the October-2025 URL pair without reporting it', () => {
    const fn = functionFacts({ resourcePolicy: getPolicyFixture('get-policy-s3-and-url.json') });
    expect(publicInvokeCheck.evaluate(fn, roleFacts(), contextFor())).toEqual([]);
  });

  it('is quiet for a function without a resource policy', () => {
    expect(publicInvokeCheck.evaluate(functionFacts(), roleFacts(), contextFor())).toEqual([]);
  });
});
