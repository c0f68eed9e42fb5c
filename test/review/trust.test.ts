/** Adversarial probes of the trust-policy checks (broad-trust-policy, lambda-cannot-assume-role). */
import { describe, expect, it } from 'vitest';
import { broadTrustPolicyCheck } from '../../shared/checks/broad-trust-policy.ts';
import { lambdaCannotAssumeRoleCheck } from '../../shared/checks/lambda-cannot-assume-role.ts';
import { makeContext, makeFunction, makeRole } from '../checks/fixtures/role/factories.ts';
import { trustDoc } from './reviewFixtures.ts';

function run(trust: string) {
  const role = { ...makeRole(), trustPolicy: trustDoc(trust) };
  const fns = [makeFunction(role)];
  const ctx = makeContext([role], fns);
  return { broad: broadTrustPolicyCheck.evaluate(role, fns, ctx), cannot: lambdaCannotAssumeRoleCheck.evaluate(role, fns, ctx) };
}

describe('review: trust policies', () => {
  it.each([
    ['Service list of lambda and edgelambda', 'lambda-and-edge-list'],
    ['a cross-account principal pinned by sts:ExternalId', 'cross-account-external-id'],
    ['GitHub OIDC pinned to one repository', 'github-org-pinned'],
    ['"Lambda.amazonaws.com" and "STS:AssumeRole" in odd case', 'lambda-mixed-case-service'],
  ])('neither check fires for %s', (_n, trust) => {
    expect(run(trust)).toEqual({ broad: [], cannot: [] });
  });

  it.each([
    ['GitHub OIDC with aud only (no sub: every repository on GitHub)', 'github-no-sub'],
    ['GitHub OIDC sub "repo:acme*" (any owner whose name starts with acme)', 'github-org-prefix-wildcard'],
  ])('broad-trust-policy fires for %s', (_n, trust) => {
    const { broad, cannot } = run(trust);
    expect(cannot).toEqual([]);
    expect(broad).toHaveLength(1);
    expect(broad[0]!.detail).toContain('token.actions.githubusercontent.com');
  });
});
