import { describe, expect, it } from 'vitest';
import { lambdaCannotAssumeRoleCheck } from '../../shared/checks/lambda-cannot-assume-role.ts';
import { makeContext, makeFunction, makeRole } from './fixtures/role/factories.ts';

const run = (trust: string | null) => {
  const role = makeRole({ trust });
  const fns = [makeFunction(role)];
  return { role, fns, findings: lambdaCannotAssumeRoleCheck.evaluate(role, fns, makeContext([role], fns)) };
};

describe('lambda-cannot-assume-role', () => {
  it.each([
    ['a trust policy for EC2 only', 'ec2-only.json', 'no statement allows sts:AssumeRole'],
    ['Lambda allowed sts:TagSession but not sts:AssumeRole', 'lambda-tagsession-only.json', 'no statement allows sts:AssumeRole'],
    ['an unconditional Deny of sts:* to everyone', 'lambda-denied.json', 'cancelled by trust policy statement "Frozen"'],
  ])('fires for %s', (_name, trust, detail) => {
    const { role, fns, findings } = run(trust);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ checkId: 'lambda-cannot-assume-role', severity: 'high', door: 'role', resourceArn: role.arn, functionArns: [fns[0]!.arn] });
    expect(findings[0]!.detail).toContain(detail);
    expect(findings[0]!.evidence[0]!.source).toBe('trust-policy');
    expect(findings[0]!.remediation.cli).toBe(
      `aws iam update-assume-role-policy --role-name ${role.name} --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`,
    );
  });

  it.each([
    ['the standard Lambda trust policy', 'lambda-only.json'],
    ['the same policy URL-encoded, as IAM returns it', 'lambda-only-url-encoded.txt'],
    ['Lambda and Lambda@Edge', 'lambda-and-edge.json'],
    ['Statement as an object and Action "sts:Assume*"', 'lambda-action-wildcard.json'],
    ['a Lambda Allow with a condition (not provably broken)', 'lambda-with-source-account.json'],
    ['a conditional Deny (not a proven cancellation)', 'lambda-conditional-deny.json'],
    ['Principal {"AWS": "*"} beside Lambda', 'wildcard.json'],
    // NotPrincipal admits every principal it does not list, Lambda included (broad-trust-policy reports it).
    ['a NotPrincipal Allow excluding only another account', 'notprincipal-allow.json'],
  ])('does not fire for %s', (_name, trust) => {
    expect(run(trust).findings).toEqual([]);
  });

  it('leaves an unreadable trust policy to evaluation-incomplete', () => {
    expect(run(null).findings).toEqual([]);
  });
});
