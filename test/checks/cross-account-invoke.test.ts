import { describe, expect, it } from 'vitest';
import { crossAccountInvokeCheck } from '../../shared/checks/cross-account-invoke.ts';
import { FN_ARN, FOREIGN, accountFacts, contextFor, functionFacts, policyOf, roleFacts } from './lock/lockFacts.ts';

const run = (statements: string[], trusted: string[] = []) =>
  crossAccountInvokeCheck.evaluate(functionFacts({ resourcePolicy: policyOf(...statements) }), roleFacts(), contextFor(accountFacts([]), trusted));

describe('cross-account-invoke', () => {
  it.each([
    ['another account\'s root (as add-permission --principal <id> writes it)', ['account-foreign-root'], `arn:aws:iam::${FOREIGN}:root`],
    ['a role in another account', ['account-foreign-role'], `arn:aws:iam::${FOREIGN}:role/invoker`],
    ['a bare account id', ['account-foreign-id'], FOREIGN],
    ['one foreign role beside an own-account role', ['account-mixed'], 'arn:aws:iam::777788889999:role/ci'],
    ['Principal "*" pinned by aws:PrincipalAccount to another account', ['public-principal-account-foreign'], FOREIGN],
    ['Principal "*" pinned to an organization (every member account)', ['public-org'], 'o-a1b2c3d4e5'],
    ['S3 acting for a bucket owned by another account', ['s3-foreign-account'], FOREIGN],
    ['SNS acting for a topic in another account', ['sns-foreign-topic'], FOREIGN],
    ['another account on the function URL', ['url-account-principal'], FOREIGN],
  ])('fires for %s', (_name, statements, offender) => {
    const findings = run(statements);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ checkId: 'cross-account-invoke', severity: 'medium', resourceArn: FN_ARN, functionArns: [FN_ARN] });
    expect(findings[0]?.detail).toContain(offender);
    expect(findings[0]?.evidence[0]?.note).toContain(offender);
  });

  it.each([
    ['a role in the own account', ['account-own-role'], []],
    ['the own account root', ['account-own-root'], []],
    ['an unpinned "*" (public-invoke\'s, not reported twice)', ['public-star'], []],
    ['"*" pinned to the own account', ['public-source-account-own'], []],
    ['"*" pinned to a network only', ['public-source-vpce'], []],
    ['S3 pinned to the own account', ['s3-pinned'], []],
    ['an unpinned service (confused-deputy\'s)', ['sns-unpinned'], []],
    ['a foreign account granted a non-invoke action', ['account-foreign-getpolicy'], []],
    ['a principal that cannot be attributed (evaluation-incomplete\'s)', ['account-deleted-role'], []],
    ['a trusted account id', ['account-foreign-root', 'account-foreign-role', 's3-foreign-account'], [FOREIGN]],
    ['a trusted root ARN', ['account-foreign-root'], [`arn:aws:iam::${FOREIGN}:root`]],
    ['a trusted role ARN, for that role', ['account-foreign-role'], [`arn:aws:iam::${FOREIGN}:role/invoker`]],
    ['a trusted organization', ['public-org'], ['o-a1b2c3d4e5']],
  ])('stays quiet for %s', (_name, statements, trusted) => {
    expect(run(statements, trusted)).toEqual([]);
  });

  describe('trusted organizations', () => {
    const OWN_ORG = 'o-a1b2c3d4e5';
    const withOptions = (statements: Parameters<typeof policyOf>, options: { trustedOrgIds?: string[]; ownOrganizationId?: string }) =>
      crossAccountInvokeCheck.evaluate(functionFacts({ resourcePolicy: policyOf(...statements) }), roleFacts(), {
        account: accountFacts([]),
        options: { trustedAccountIds: [], ...options },
      });

    it('stays quiet for "*" pinned to an organization listed in --trusted-org-ids / TrustedOrgIds', () => {
      expect(withOptions(['public-org'], { trustedOrgIds: [OWN_ORG] })).toEqual([]);
    });

    it("stays quiet for \"*\" pinned to the account's own organization (found by DescribeOrganization)", () => {
      expect(withOptions(['public-org'], { ownOrganizationId: OWN_ORG })).toEqual([]);
    });

    it('still fires for another organization', () => {
      const findings = withOptions(['public-org'], { trustedOrgIds: ['o-zzzzzzzzzz'], ownOrganizationId: 'o-yyyyyyyyyy' });
      expect(findings).toHaveLength(1);
      expect(findings[0]?.detail).toContain('every account in organization o-a1b2c3d4e5');
    });

    it('names the trusted organization beside an untrusted one', () => {
      const findings = withOptions(['public-two-orgs'], { ownOrganizationId: OWN_ORG });
      expect(findings).toHaveLength(1);
      expect(findings[0]?.detail).toContain('every account in organization o-f6g7h8i9j0');
      expect(findings[0]?.detail).toContain("trusted: o-a1b2c3d4e5, the account's own organization");
      expect(withOptions(['public-two-orgs'], { trustedOrgIds: ['o-f6g7h8i9j0'] })[0]?.detail).toContain('trusted: o-f6g7h8i9j0, listed as trusted');
    });

    it('does not let a trusted organization trust a named foreign account', () => {
      expect(withOptions(['account-foreign-root'], { trustedOrgIds: [OWN_ORG], ownOrganizationId: OWN_ORG })).toHaveLength(1);
    });
  });

  it('trusting one role of an account does not trust the account', () => {
    expect(run(['account-foreign-root'], [`arn:aws:iam::${FOREIGN}:role/invoker`])).toHaveLength(1);
  });

  it('reports one finding per statement, with its statement id in the remediation', () => {
    const findings = run(['account-foreign-root', 'account-foreign-role']);
    expect(findings.map((f) => f.remediation.cli)).toEqual([
      'aws lambda remove-permission --region us-east-1 --function-name fn --statement-id partner',
      'aws lambda remove-permission --region us-east-1 --function-name fn --statement-id partner-role',
    ]);
  });
});
