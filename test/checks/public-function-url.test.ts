import { describe, expect, it } from 'vitest';
import { publicFunctionUrlCheck } from '../../shared/checks/public-function-url.ts';
import type { FunctionUrlFacts } from '../../shared/facts/types.ts';
import { FN_ARN, contextFor, functionFacts, getPolicyFixture, policyOf, roleFacts, url } from './lock/lockFacts.ts';

const run = (urls: FunctionUrlFacts[], ...statements: string[]) =>
  publicFunctionUrlCheck.evaluate(
    functionFacts({ functionUrls: urls, ...(statements.length > 0 ? { resourcePolicy: policyOf(...statements) } : {}) }),
    roleFacts(),
    contextFor(),
  );

describe('public-function-url', () => {
  it.each([
    ['the October-2025 pair Lambda writes for AuthType NONE', [url('NONE')], ['url-public', 'url-invoke-via-url']],
    ['the pre-October-2025 single InvokeFunctionUrl statement', [url('NONE')], ['url-public']],
    ['an InvokeFunctionUrl statement without condition', [url('NONE')], ['url-public-no-condition']],
    ['lambda:* for everyone', [url('NONE')], ['public-lambda-star']],
    ['lambda:* for everyone under FunctionUrlAuthType NONE', [url('NONE')], ['url-lambda-star-authtype']],
    ['a URL on an alias opened by the alias statement', [url('NONE', `${FN_ARN}:live`)], ['url-public-alias']],
  ])('fires for %s', (_name, urls, statements) => {
    const findings = run(urls, ...statements);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ checkId: 'public-function-url', severity: 'high', door: 'resource-policy', resourceArn: FN_ARN, functionArns: [FN_ARN] });
    expect(finding?.evidence[0]?.note).toContain('https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/');
    expect(finding?.evidence.slice(1).every((e) => e.source === 'resource-policy')).toBe(true);
  });

  it.each([
    ['a URL with AuthType AWS_IAM', [url('AWS_IAM')], ['url-public', 'url-invoke-via-url']],
    ['AuthType NONE with no statement opening it (the URL answers 403)', [url('NONE')], ['s3-pinned']],
    ['AuthType NONE with no resource policy', [url('NONE')], []],
    ['a statement admitting AWS_IAM URLs only', [url('NONE')], ['url-iam-only']],
    ['a statement pinned to a source IP range', [url('NONE')], ['url-public-source-ip']],
    ['an account principal, not everyone', [url('NONE')], ['url-account-principal']],
    ['a URL on an alias when only the unqualified function is opened', [url('NONE', `${FN_ARN}:live`)], ['url-public']],
    ['an unconditional Deny of InvokeFunctionUrl for everyone', [url('NONE')], ['url-public', 'deny-url-everyone']],
    ['no URL at all', [], ['url-public', 'url-invoke-via-url']],
  ])('stays quiet for %s', (_name, urls, statements) => {
    expect(run(urls, ...statements)).toEqual([]);
  });

  it('names both statements of the October-2025 pair in its evidence', () => {
    const [finding] = run([url('NONE')], 'url-public', 'url-invoke-via-url');
    expect(finding?.evidence.map((e) => e.statementSid)).toEqual([undefined, 'FunctionURLAllowPublicAccess', 'FunctionURLAllowInvokeAction']);
    expect(finding?.remediation.cli).toBe('aws lambda update-function-url-config --region us-east-1 --function-name fn --auth-type AWS_IAM');
  });

  it.each([
    ['says so when the October-2025 companion statement is missing', ['url-public'], true],
    ['says nothing of it when the pair is complete', ['url-public', 'url-invoke-via-url'], false],
  ])('%s', (_name, statements, mentioned) => {
    const [finding] = run([url('NONE')], ...statements);
    expect(finding?.detail.includes('created after October 2025')).toBe(mentioned);
  });

  it('points the remediation at the alias for a URL on an alias', () => {
    const [finding] = run([url('NONE', `${FN_ARN}:live`)], 'url-public-alias');
    expect(finding?.remediation.cli).toBe('aws lambda update-function-url-config --region us-east-1 --function-name fn:live --auth-type AWS_IAM');
  });

  it('reads a stored get-policy output', () => {
    const fn = functionFacts({ functionUrls: [url('NONE')], resourcePolicy: getPolicyFixture('get-policy-s3-and-url.json') });
    expect(publicFunctionUrlCheck.evaluate(fn, roleFacts(), contextFor())).toHaveLength(1);
  });
});
