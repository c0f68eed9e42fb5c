import { describe, expect, it } from 'vitest';
import { broadTrustPolicyCheck } from '../../shared/checks/broad-trust-policy.ts';
import { makeContext, makeFunction, makeRole } from './fixtures/role/factories.ts';

const run = (trust: string | null) => {
  const role = makeRole({ trust });
  const fns = [makeFunction(role), makeFunction(role, { name: 'orders-worker' })];
  return { role, fns, findings: broadTrustPolicyCheck.evaluate(role, fns, makeContext([role], fns)) };
};

describe('broad-trust-policy', () => {
  it.each([
    ['Principal {"AWS": "*"}', 'wildcard.json', 'critical', 'every principal ("*")'],
    ['Principal "*" with a condition on an unknown key (aws:PrincipalTag)', 'wildcard-unknown-key.json', 'critical', 'every principal ("*")'],
    ['Principal "*" pinned only with StringEqualsIfExists', 'wildcard-ifexists.json', 'critical', 'every principal'],
    ['a NotPrincipal Allow', 'notprincipal-allow.json', 'critical', 'every principal outside NotPrincipal'],
    ['another account\'s root', 'cross-account-root.json', 'high', "another account's principal arn:aws:iam::444455556666:root"],
    ['another account\'s role, URL-encoded document', 'cross-account-role-url-encoded.txt', 'high', 'arn:aws:iam::444455556666:role/vendor-ops'],
    ['the role\'s own account root (any principal there with sts:AssumeRole)', 'same-account-root.json', 'high', "the role's own account"],
    ['GitHub OIDC checked on aud only (any repository)', 'github-aud-only.json', 'high', 'federated identities of arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'],
    ['GitHub OIDC with sub "repo:*"', 'github-any-repo.json', 'high', 'federated identities'],
    ['itself and another account: the other account is still reported', 'self-and-other-account.json', 'high', "another account's principal arn:aws:iam::444455556666:role/vendor-ops"],
  ])('fires for %s', (_name, trust, severity, label) => {
    const { role, fns, findings } = run(trust);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ checkId: 'broad-trust-policy', severity, door: 'role', resourceArn: role.arn, functionArns: fns.map((x) => x.arn) });
    expect(f.detail).toContain(label);
    expect(f.evidence.every((e) => e.source === 'trust-policy' && e.statementIndex !== undefined)).toBe(true);
    expect(f.remediation.cli).toContain(`aws iam update-assume-role-policy --role-name ${role.name} --policy-document '`);
    expect(f.remediation.cli).not.toMatch(/<[A-Za-z]+>/);
  });

  it.each([
    ['Lambda only', 'lambda-only.json'],
    ['Lambda and Lambda@Edge', 'lambda-and-edge.json'],
    ['Principal "*" pinned to the organization', 'wildcard-org-pinned.json'],
    ['Principal {"AWS": "*"} with a Deny outside the organization', 'wildcard-deny-outside-org.json'],
    ['another account pinned with sts:ExternalId', 'cross-account-external-id.json'],
    ['the own account pinned to one role with aws:PrincipalArn', 'same-account-role-pinned.json'],
    ['another service pinned with aws:SourceAccount', 'other-service-source-pinned.json'],
    ['GitHub OIDC pinned to one repository and branch', 'github-pinned-repo.json'],
    ['a deleted principal (unique id) nobody can use', 'deleted-principal.json'],
    ['the role trusting itself (AWS requires it for a role to assume itself)', 'trusts-itself.json'],
    ['one named role of the own account', 'same-account-role-named.json'],
    ['a single AWS service principal other than Lambda (lambda-cannot-assume-role reports it)', 'ec2-only.json'],
    ['Lambda and another AWS service principal', 'other-service.json'],
  ])('does not fire for %s', (_name, trust) => {
    expect(run(trust).findings).toEqual([]);
  });

  it('says in the evidence that a condition on an unknown key does not restrict', () => {
    const [f] = run('wildcard-unknown-key.json').findings;
    expect(f!.evidence[0]).toMatchObject({ statementSid: 'Tagged', statementIndex: 0 });
    expect(f!.evidence[0]!.note).toContain('its conditions do not restrict it');
    expect(f!.evidence[0]!.note).toContain('aws:PrincipalTag/team');
  });

  it('keeps Lambda@Edge in the proposed trust policy', () => {
    const role = makeRole({ trust: 'lambda-and-edge.json' });
    role.trustPolicy = { Version: '2012-10-17', Statement: [...(role.trustPolicy!.Statement as object[]), { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }] } as never;
    const [f] = broadTrustPolicyCheck.evaluate(role, [], makeContext([role]));
    expect(f!.remediation.cli).toContain('"Service":["lambda.amazonaws.com","edgelambda.amazonaws.com"]');
  });

  it('does not name the role itself among what is broad', () => {
    const [f] = run('self-and-other-account.json').findings;
    expect(f!.detail).not.toContain('role/service-role/orders-api-role');
  });

  it('does nothing without a trust policy (evaluation-incomplete covers it)', () => {
    expect(run(null).findings).toEqual([]);
  });
});
