/** Adversarial probes of the lock checks (public-invoke, public-function-url, cross-account-invoke, confused-deputy). */
import { describe, expect, it } from 'vitest';
import { confusedDeputyCheck } from '../../shared/checks/confused-deputy.ts';
import { crossAccountInvokeCheck } from '../../shared/checks/cross-account-invoke.ts';
import { publicFunctionUrlCheck } from '../../shared/checks/public-function-url.ts';
import { publicInvokeCheck } from '../../shared/checks/public-invoke.ts';
import type { FunctionUrlFacts } from '../../shared/facts/types.ts';
import { contextFor, functionFacts, roleFacts, url } from '../checks/lock/lockFacts.ts';
import { resourcePolicy } from './reviewFixtures.ts';

function run(statements: string[], urls: FunctionUrlFacts[] = []) {
  const fn = functionFacts({ resourcePolicy: resourcePolicy(...statements), functionUrls: urls });
  const role = roleFacts();
  const ctx = contextFor();
  return {
    public: publicInvokeCheck.evaluate(fn, role, ctx),
    url: publicFunctionUrlCheck.evaluate(fn, role, ctx),
    cross: crossAccountInvokeCheck.evaluate(fn, role, ctx),
    deputy: confusedDeputyCheck.evaluate(fn, role, ctx),
  };
}
const ids = (r: ReturnType<typeof run>): string[] => Object.values(r).flat().map((f) => f.checkId).sort();

describe('review: who may invoke', () => {
  it.each([
    ['Principal {"AWS": ["*"]}', ['public-aws-star-list'], ['public-invoke']],
    ['"Lambda:invokefunction" in odd case', ['public-mixed-case-action'], ['public-invoke']],
    ['Principal "*" with aws:PrincipalTag only (not a caller pin)', ['public-principal-tag'], ['public-invoke']],
    ['Principal "*" pinned to another account\'s aws:SourceAccount', ['public-source-account-foreign'], ['cross-account-invoke']],
    ['Principal "*" pinned to the own account (lower-case key)', ['public-source-account-own-lowercase'], []],
    ['the own account root', ['own-root'], []],
    ['EventBridge pinned by SourceArn only', ['events-source-arn-only'], []],
    ['S3 pinned by SourceAccount only', ['s3-source-account-only'], []],
    ['API Gateway pinned by a SourceArn with wildcards after the API id', ['apigw-source-arn-wildcards'], []],
    ['API Gateway with SourceArn in any account', ['apigw-source-arn-any-account'], ['confused-deputy']],
    ['SNS with lower-case "arnlike"/"aws:sourcearn"', ['sns-lowercase-source-arn'], []],
    ['S3 granted lambda:* without a source', ['s3-unpinned-lambda-star'], ['confused-deputy']],
  ])('%s', (_n, statements, expected) => {
    expect(ids(run(statements))).toEqual(expected);
  });
});

describe('review: function URLs with AuthType AWS_IAM', () => {
  it('an organization-pinned AWS_IAM URL statement is cross-account, not public', () => {
    expect(ids(run(['url-iam-org-pinned'], [url('AWS_IAM')]))).toEqual(['cross-account-invoke']);
  });

  // With AWS_IAM, a caller in another account needs an identity policy (which its own account writes)
  // plus this resource policy: Principal "*" therefore admits every authenticated AWS principal of
  // every account. Not unauthenticated (not public-function-url), but as open as public-invoke.
  it.each([
    ['a Principal "*" InvokeFunctionUrl statement for AWS_IAM URLs', ['url-iam-any-principal', 'url-invoke-companion']],
    ['a Principal "*" InvokeFunctionUrl statement without an auth-type condition', ['url-any-authtype-any-principal']],
  ])('public-invoke fires (not public-function-url) for %s', (_n, statements) => {
    const r = run(statements, [url('AWS_IAM')]);
    expect(r.url).toEqual([]);
    expect(r.public).toHaveLength(1);
    expect(r.public[0]!.detail).toMatch(/any AWS account/);
    expect(r.public[0]!.severity).toBe('critical');
  });

  it.each([
    ['granted to the own account only', ['url-iam-own-account'], [url('AWS_IAM')]],
    ['an AWS_IAM statement while the URL is NONE (IAM statement admits no NONE request)', ['url-iam-any-principal'], [url('NONE')]],
    ['a public URL statement and no URL configured', ['url-iam-any-principal'], []],
  ])('stays quiet for a URL statement %s', (_n, statements, urls) => {
    expect(ids(run(statements, urls))).toEqual([]);
  });
});
