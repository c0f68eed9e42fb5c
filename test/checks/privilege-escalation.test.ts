import { describe, expect, it } from 'vitest';
import { privilegeEscalationCheck } from '../../shared/checks/privilege-escalation.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { boundary, customer, inline, makeContext, makeFunction, makeRole, managed } from './fixtures/role/factories.ts';

const basic = managed('AWSLambdaBasicExecutionRole');
const run = (policies: PolicySource[], b?: PolicySource) => {
  const role = makeRole({ policies: [basic, ...policies], ...(b ? { boundary: b } : {}) });
  const fns = [makeFunction(role)];
  return { role, fns, findings: privilegeEscalationCheck.evaluate(role, fns, makeContext([role], fns)) };
};

describe('privilege-escalation', () => {
  it.each([
    ['IAMFullAccess (iam:*)', [managed('IAMFullAccess')], undefined, ['iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutUserPolicy', 'iam:CreatePolicyVersion', 'iam:CreateAccessKey', 'iam:AddUserToGroup', 'iam:UpdateAssumeRolePolicy']],
    ['iam:PassRole on "*"', [inline('iam-passrole-star.json')], undefined, ['iam:PassRole']],
    ['iam:PassRole on every role of the account', [inline('iam-passrole-any-role-in-account.json')], undefined, ['iam:PassRole']],
    ['iam:PassRole on "*" conditioned on iam:PassedToService (still any role to Lambda)', [managed('AWSLambda_FullAccess')], undefined, ['iam:PassRole', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration']],
    ['iam:Put* from a URL-encoded document', [inline('iam-put-wildcard-url-encoded.txt')], undefined, ['iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy']],
    ['iam:PutRolePolicy on the role itself', [inline('iam-putrolepolicy-self.json')], undefined, ['iam:PutRolePolicy']],
    ['a "?" wildcard: iam:Attach?olePolicy on role/*', [inline('iam-attach-question-mark.json')], undefined, ['iam:AttachRolePolicy']],
    ['sts:AssumeRole on "*"', [inline('sts-assume-any.json')], undefined, ['sts:AssumeRole']],
    ['lambda:UpdateFunctionCode/Configuration on every function', [inline('lambda-update-any.json')], undefined, ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration']],
    ['iam:CreatePolicyVersion on its own customer managed policy', [customer('iam-create-policy-version-own.json')], undefined, ['iam:CreatePolicyVersion']],
    ['removing its own permissions boundary', [inline('iam-delete-own-boundary.json'), inline('orders-app-scoped.json')], boundary('boundary-everything.json'), ['iam:DeleteRolePermissionsBoundary']],
    ['iam:* with a conditional Deny (not a safeguard)', [managed('IAMFullAccess'), inline('deny-without-mfa.json')], undefined, ['iam:PassRole']],
  ])('fires for %s', (_name, policies, b, expectedActions) => {
    const { role, fns, findings } = run(policies, b);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ checkId: 'privilege-escalation', severity: 'high', door: 'role', resourceArn: role.arn, functionArns: [fns[0]!.arn] });
    for (const a of expectedActions) expect(f.detail).toContain(a);
    expect(f.evidence.every((e) => e.statementIndex !== undefined && e.source.length > 0)).toBe(true);
    expect(f.remediation.cli).not.toMatch(/<[A-Za-z]+>/);
  });

  it.each([
    ['the basic execution policy only', [], undefined],
    ['read-only IAM (iam:Get*, iam:List*)', [inline('iam-readonly.json')], undefined],
    ['iam:PassRole on one named role', [inline('iam-passrole-one-worker-role.json')], undefined],
    ['iam:AttachRolePolicy only on roles tagged for the team (unknown condition)', [inline('iam-attach-tag-conditioned.json')], undefined],
    ['iam:CreateAccessKey cancelled by a Deny with a wildcard action', [inline('iam-createaccesskey-deny.json')], undefined],
    ['sts:AssumeRole on one named role', [inline('sts-assume-one-role.json')], undefined],
    ['lambda:UpdateFunctionCode on its own function only', [inline('lambda-update-own.json')], undefined],
    ['IAMFullAccess under a boundary without IAM', [managed('IAMFullAccess')], boundary('boundary-app-services.json')],
    ['IAMFullAccess with an unconditional Deny of everything', [managed('IAMFullAccess'), inline('deny-everything-unconditional.json')], undefined],
    ['AdministratorAccess (admin-access reports it instead)', [managed('AdministratorAccess')], undefined],
    ['PowerUserAccess (admin-access reports it instead)', [managed('PowerUserAccess')], undefined],
    ['everything but S3, NotAction ["s3:*"] (admin-access reports it instead)', [inline('all-but-s3-notaction.json')], undefined],
    ['removing a boundary the role does not have', [inline('iam-delete-own-boundary.json')], undefined],
  ])('does not fire for %s', (_name, policies, b) => {
    expect(run(policies, b).findings).toEqual([]);
  });

  it('asks iam:PassRole as if passed to a service, so an iam:PassedToService condition does not hide it', () => {
    const { findings } = run([inline('iam-passrole-to-lambda.json')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 'iam-passrole-to-lambda', statementSid: 'PassToLambda', statementIndex: 0 });
    expect(findings[0]!.evidence[0]!.note).toContain('when iam:PassedToService=lambda.amazonaws.com');
  });

  it('lists every path in one finding, naming the policy and statement that grants each', () => {
    const { findings } = run([inline('iam-passrole-star.json'), inline('sts-assume-any.json')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence.map((e) => [e.source, e.statementSid])).toEqual([
      ['iam-passrole-star', 'PassAnyRole'],
      ['sts-assume-any', 'AssumeAnything'],
    ]);
    // Each policy holds only the escalating statement: taking it out deletes the inline policy.
    expect(findings[0]!.remediation.cli).toBe(
      'aws iam delete-role-policy --role-name orders-api-role --policy-name iam-passrole-star\n' +
        'aws iam delete-role-policy --role-name orders-api-role --policy-name sts-assume-any',
    );
  });
});
