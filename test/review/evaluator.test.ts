/** Adversarial probes of the policy evaluator itself (shared/policy): grammar corners an IAM expert would try. */
import { describe, expect, it } from 'vitest';
import { adminAccessCheck } from '../../shared/checks/admin-access.ts';
import { evaluateIdentityPolicies } from '../../shared/policy/index.ts';
import type { AccessRequest } from '../../shared/policy/index.ts';
import { makeContext, makeFunction, makeRole, managed } from '../checks/fixtures/role/factories.ts';
import { inlineDoc } from './reviewFixtures.ts';

describe('review: evaluator corners', () => {
  it.each<[string, string[], AccessRequest, string]>([
    ['Deny NotAction + NotResource leaves only one action on one prefix', ['deny-notaction-notresource'], { action: 's3:GetObject', resource: 'arn:aws:s3:::public-assets/logo.png' }, 'Allowed'],
    // Both negations must hold for the Deny to apply: other actions AND other resources.
    ['Deny NotAction + NotResource does not cover the named action anywhere', ['deny-notaction-notresource'], { action: 's3:GetObject', resource: 'arn:aws:s3:::private/x' }, 'Allowed'],
    ['Deny NotAction + NotResource does not cover the named resource for any action', ['deny-notaction-notresource'], { action: 's3:PutObject', resource: 'arn:aws:s3:::public-assets/logo.png' }, 'Allowed'],
    ['Deny NotAction + NotResource covers other actions on other resources', ['deny-notaction-notresource'], { action: 's3:PutObject', resource: 'arn:aws:s3:::private/x' }, 'ExplicitlyDenied'],
    ['iam:Pass* on arn:aws:iam::*:role/* covers a role with a path', ['passrole-prefix-wildcard'], { action: 'IAM:PASSROLE', resource: 'arn:aws:iam::111122223333:role/service-role/deployer' }, 'Allowed'],
    ['an upper-case condition key matches a lower-case context key', ['odd-case-region-key'], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:requestedregion': 'eu-west-1' } }, 'Allowed'],
    ['the same condition is open when the region is unknown', ['odd-case-region-key'], { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, 'ConditionallyAllowed'],
    ['ForAllValues on a key absent from the request is true', ['admin-forallvalues-tagkeys'], { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::b', context: { 'aws:TagKeys': [] } }, 'Allowed'],
    ['ForAnyValue on a key absent from the request is false', ['admin-foranyvalue-tagkeys'], { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::b', context: { 'aws:TagKeys': [] } }, 'ImplicitlyDenied'],
  ])('%s', (_n, names, request, decision) => {
    const policies = [managed('AdministratorAccess'), ...names.filter((n) => n.startsWith('deny')).map(inlineDoc)];
    const allows = names.filter((n) => !n.startsWith('deny')).map(inlineDoc);
    const r = evaluateIdentityPolicies(request, allows.length > 0 ? allows : policies);
    expect(r.decision).toBe(decision);
  });
});

describe('review: the ForAllValues trap hides no administrator', () => {
  const run = (name: string) => {
    const role = makeRole({ policies: [inlineDoc(name)] });
    const fns = [makeFunction(role)];
    return adminAccessCheck.evaluate(role, fns, makeContext([role], fns));
  };
  it('Allow "*" under ForAllValues:StringEquals aws:TagKeys is admin: requests without tags satisfy it', () => {
    expect(run('admin-forallvalues-tagkeys')).toHaveLength(1);
  });
  it('Allow "*" under ForAnyValue:StringEquals aws:TagKeys is not (the request must carry the tag key)', () => {
    expect(run('admin-foranyvalue-tagkeys')).toEqual([]);
  });
});
