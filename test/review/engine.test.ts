/** End-to-end probes through the real engine and registry: both doors rolled into one risk. */
import { describe, expect, it } from 'vitest';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import type { AccountFacts } from '../../shared/facts/types.ts';
import { functionFacts, roleFacts, url } from '../checks/lock/lockFacts.ts';
import { managed } from '../checks/fixtures/role/factories.ts';
import { inlineDoc, resourcePolicy } from './reviewFixtures.ts';

function account(): AccountFacts {
  const admin = roleFacts({ name: 'admin-role', policies: [managed('AdministratorAccess')] });
  const region = roleFacts({ name: 'region-admin-role', policies: [managed('AWSLambdaBasicExecutionRole'), inlineDoc('admin-if-own-account')] });
  const plain = roleFacts({ name: 'plain-role', policies: [managed('AWSLambdaBasicExecutionRole')] });
  const functions = [
    functionFacts({ name: 'quiet', roleArn: plain.arn }),
    // Named `fn`: the fixture statements grant on arn:...:function:fn, as Lambda writes them.
    functionFacts({ name: 'fn', roleArn: admin.arn, resourcePolicy: resourcePolicy('url-iam-any-principal', 'url-invoke-companion'), functionUrls: [url('AWS_IAM')] }),
    functionFacts({ name: 'public-hidden-admin', roleArn: region.arn, resourcePolicy: resourcePolicy('public-aws-star-list') }),
    functionFacts({ name: 'public-plain', roleArn: plain.arn, resourcePolicy: resourcePolicy('public-mixed-case-action') }),
  ];
  return { accountId: '111122223333', region: 'us-east-1', partition: 'aws', roles: new Map([admin, region, plain].map((r) => [r.arn, r])), functions, incomplete: [] };
}

describe('review: worst cases stand at the top', () => {
  it('ranks an AWS_IAM URL open to every account on an admin role, and a public function whose admin hides behind an always-true condition, above the rest', () => {
    const result = evaluateAccount(account(), { trustedAccountIds: [] });
    const top = result.functions.slice(0, 2).map((f) => f.functionName).sort();
    expect(top).toEqual(['fn', 'public-hidden-admin']);
    expect(result.functions.filter((f) => f.worstCase).map((f) => f.functionName).sort()).toEqual(top);
    expect(result.summary.worstCaseFunctions).toBe(2);
    expect(result.functions.at(-1)!.functionName).toBe('quiet');
  });
});
