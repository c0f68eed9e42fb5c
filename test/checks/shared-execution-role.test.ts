import { describe, expect, it } from 'vitest';
import { sharedExecutionRoleCheck } from '../../shared/checks/shared-execution-role.ts';
import { makeContext, makeFunction, makeRole } from './fixtures/role/factories.ts';

describe('shared-execution-role', () => {
  it.each([
    ['two functions', ['orders-api', 'orders-worker']],
    ['three functions', ['orders-api', 'orders-worker', 'orders-report']],
  ])('fires when the role serves %s', (_name, names) => {
    const role = makeRole();
    const fns = names.map((name) => makeFunction(role, { name }));
    const findings = sharedExecutionRoleCheck.evaluate(role, fns, makeContext([role], fns));
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ checkId: 'shared-execution-role', severity: 'low', door: 'role', resourceArn: role.arn, functionArns: fns.map((x) => x.arn) });
    for (const n of names) expect(f.detail).toContain(n);
    expect(f.evidence.map((e) => e.source)).toEqual(names.map(() => 'function-configuration'));
    // The first function keeps the shared role; each other one gets a role of its own.
    // Each new role gets the shared role's policies, IAM is waited for, and only then the function moves.
    const blocks = f.remediation.cli.split(/\n(?=# )/);
    expect(blocks).toHaveLength(names.length - 1);
    expect(blocks[0]!.split(' && \\\n  ')).toEqual([
      '# orders-worker gets its own role orders-worker-role, with what orders-api-role grants today: narrow it afterwards.\n' +
        `aws iam create-role --role-name orders-worker-role --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`,
      ...role.policies.map((p) => expect.stringMatching(new RegExp(`^aws iam (attach|put)-role-policy --role-name orders-worker-role --policy-(arn|name) .*${p.arn ?? p.name}`))),
      'aws iam wait role-exists --role-name orders-worker-role',
      'sleep 10',
      'aws lambda update-function-configuration --region eu-west-1 --function-name orders-worker --role arn:aws:iam::111122223333:role/orders-worker-role',
    ]);
  });

  it('never names a role the account already has', () => {
    const role = makeRole();
    const taken = makeRole({ name: 'orders-worker-role' });
    const fns = [makeFunction(role), makeFunction(role, { name: 'orders-worker' })];
    const [finding] = sharedExecutionRoleCheck.evaluate(role, fns, makeContext([role, taken], fns));
    expect(finding!.remediation.cli).toContain('aws iam create-role --role-name orders-worker-role-2 ');
    expect(finding!.remediation.cli).not.toContain('--role-name orders-worker-role ');
  });

  it.each([
    ['one function', 1],
    ['no function', 0],
  ])('does not fire for %s', (_name, count) => {
    const role = makeRole();
    const fns = Array.from({ length: count }, (_, i) => makeFunction(role, { name: `fn-${i}` }));
    expect(sharedExecutionRoleCheck.evaluate(role, fns, makeContext([role], fns))).toEqual([]);
  });

  it('matches the role ARN case-insensitively, as IAM does', () => {
    const role = makeRole();
    const fns = [makeFunction(role), makeFunction(role, { name: 'orders-worker', roleArn: role.arn.replace('orders-api-role', 'Orders-API-Role') })];
    expect(sharedExecutionRoleCheck.evaluate(role, fns, makeContext([role], fns))[0]?.functionArns).toEqual(fns.map((f) => f.arn));
  });

  it('counts only the functions that run with this role', () => {
    const role = makeRole();
    const other = makeRole({ name: 'billing-role' });
    const fns = [makeFunction(role), makeFunction(other, { name: 'billing' })];
    expect(sharedExecutionRoleCheck.evaluate(role, fns, makeContext([role, other], fns))).toEqual([]);
  });
});
