import { describe, expect, it } from 'vitest';
import { adminAccessCheck } from '../../shared/checks/admin-access.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { boundary, customer, inline, makeContext, makeFunction, makeRole, managed } from './fixtures/role/factories.ts';

const run = (policies: PolicySource[], b?: PolicySource) => {
  const role = makeRole({ policies, ...(b ? { boundary: b } : {}) });
  const fns = [makeFunction(role), makeFunction(role, { name: 'orders-worker' })];
  return { role, fns, findings: adminAccessCheck.evaluate(role, fns, makeContext([role], fns)) };
};

describe('admin-access', () => {
  it.each([
    ['AdministratorAccess (AWS managed)', [managed('AWSLambdaBasicExecutionRole'), managed('AdministratorAccess')], undefined, 'AdministratorAccess'],
    ['PowerUserAccess: NotAction allow on "*"', [managed('PowerUserAccess')], undefined, 'PowerUserAccess'],
    ['inline Action "*" on "*"', [inline('admin-inline.json')], undefined, 'admin-inline'],
    ['customer managed "*:*" with list-shaped fields', [customer('admin-star-star.json')], undefined, 'admin-star-star'],
    ['URL-encoded inline admin document', [inline('admin-url-encoded.txt')], undefined, 'admin-url-encoded'],
    ['customer NotAction equivalent excluding only iam/organizations', [customer('all-but-iam-notaction.json')], undefined, 'all-but-iam-notaction'],
    ['Resource "arn:aws:*:*:*:*" is every ARN', [inline('admin-arn-wildcard.json')], undefined, 'admin-arn-wildcard'],
    ['a conditional Deny is never a safeguard', [managed('AdministratorAccess'), inline('deny-without-mfa.json')], undefined, 'AdministratorAccess'],
    ['an allow fenced to the function\'s own region (aws:RequestedRegion is known)', [inline('admin-region-condition.json')], undefined, 'admin-region-condition'],
    ['a boundary allowing "*" does not cap', [managed('AdministratorAccess')], boundary('boundary-everything.json'), 'AdministratorAccess'],
    ['everything but S3 (NotAction ["s3:*"]), IAM write included', [inline('all-but-s3-notaction.json')], undefined, 'all-but-s3-notaction'],
    ['AdministratorAccess with an unconditional Deny of one service (IAM write left)', [managed('AdministratorAccess'), inline('deny-s3.json')], undefined, 'AdministratorAccess'],
  ])('fires for %s', (_name, policies, b, grantingPolicy) => {
    const { role, fns, findings } = run(policies, b);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ checkId: 'admin-access', severity: 'critical', door: 'role', resourceArn: role.arn });
    expect(f.functionArns).toEqual(fns.map((x) => x.arn));
    expect(f.evidence.some((e) => e.source === grantingPolicy && e.statementIndex !== undefined)).toBe(true);
    expect(f.detail).toContain(grantingPolicy);
    expect(f.remediation.cli).not.toMatch(/<[A-Za-z]+>/);
    expect(f.remediation.cli).toContain(`--role-name ${role.name}`);
  });

  it.each([
    ['only the basic execution policy', [managed('AWSLambdaBasicExecutionRole')], undefined],
    ['a scoped application policy', [managed('AWSLambdaBasicExecutionRole'), inline('orders-app-scoped.json')], undefined],
    ['IAMFullAccess (powerful, but privilege-escalation reports it)', [managed('IAMFullAccess')], undefined],
    ['an allow under an unknown condition is never a grant', [inline('admin-tag-condition.json')], undefined],
    ['a Deny of one probed service and of IAM write', [managed('AdministratorAccess'), inline('deny-s3.json'), inline('deny-iam-write.json')], undefined],
    ['everything but S3 and IAM (no IAM write)', [inline('all-but-s3-and-iam-notaction.json')], undefined],
    ['everything but four probed services, over the threshold of three', [inline('all-but-four-services-notaction.json')], undefined],
    ['a Deny with NotResource fencing everything but one bucket', [managed('AdministratorAccess'), inline('deny-all-but-app-bucket-notresource.json')], undefined],
    ['a quarantine Deny of everything', [managed('AdministratorAccess'), managed('AWSLambdaBasicExecutionRole'), inline('deny-everything-unconditional.json')], undefined],
    ['a permissions boundary limited to app services', [managed('AdministratorAccess')], boundary('boundary-app-services.json')],
    ['PowerUserAccess under a data-only boundary', [managed('PowerUserAccess')], boundary('boundary-data-only.json')],
    ['AWSLambda_FullAccess (lambda:* only)', [managed('AWSLambda_FullAccess')], undefined],
  ])('does not fire for %s', (_name, policies, b) => {
    expect(run(policies, b).findings).toEqual([]);
  });

  it('names the services left out and the IAM write that makes up for them', () => {
    const f = run([inline('all-but-s3-notaction.json')]).findings[0]!;
    expect(f.detail).toContain('12 of 13 services (all but s3)');
    expect(f.detail).toContain('unrestricted IAM write');
    expect(f.detail).toContain('grant itself s3');
  });

  it('reports PowerUserAccess as every probed service, without claiming IAM write', () => {
    const f = run([managed('PowerUserAccess')]).findings[0]!;
    expect(f.detail).toContain('all 14 probed actions (13 services)');
    expect(f.detail).not.toContain('IAM write');
  });

  it('detaches managed grants and names the inline one in the command', () => {
    const { findings } = run([managed('AdministratorAccess'), inline('admin-inline.json')]);
    const cli = findings[0]!.remediation.cli;
    expect(cli).toContain('aws iam detach-role-policy --role-name orders-api-role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess');
    expect(cli).toContain('--policy-name admin-inline');
  });

  it('has complete metadata with a placeholder CLI template', () => {
    expect(adminAccessCheck.metadata).toMatchObject({ id: 'admin-access', severity: 'critical', door: 'role' });
    expect(adminAccessCheck.metadata.remediation.cli).toMatch(/<RoleName>/);
    expect(adminAccessCheck.metadata.rationale.length).toBeGreaterThan(200);
  });
});
