import { describe, expect, it } from 'vitest';
import { missingLogPermissionsCheck } from '../../shared/checks/missing-log-permissions.ts';
import { canWriteLogs } from '../../shared/checks/role/canWriteLogs.ts';
import { basicExecutionRolePolicy } from '../../shared/checks/role/lambdaManagedPolicies.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { boundary, customer, inline, makeContext, makeFunction, makeRole, managed } from './fixtures/role/factories.ts';

const run = (policies: PolicySource[], opts: { boundary?: PolicySource; logGroupName?: string } = {}) => {
  const role = makeRole({ policies, ...(opts.boundary ? { boundary: opts.boundary } : {}) });
  const fn = makeFunction(role, opts.logGroupName ? { logGroupName: opts.logGroupName } : {});
  return { role, fn, findings: missingLogPermissionsCheck.evaluate(fn, role, makeContext([role], [fn])) };
};

describe('missing-log-permissions', () => {
  it.each([
    ['no policy at all', [], {}, 'no statement', true],
    ['a grant on the bare log-group ARN (without ":*")', [inline('logs-group-arn-without-stream.json')], {}, 'no statement', true],
    ["another function's log group", [inline('logs-other-function.json')], {}, 'no statement', true],
    ['CreateLogStream only', [inline('logs-only-create-stream.json')], {}, 'logs:PutLogEvents: no statement', true],
    ['a conditional allow (aws:SourceVpc)', [inline('logs-conditional.json')], {}, 'aws:sourcevpc', true],
    ['the default group grant when LoggingConfig names a custom group', [inline('logs-own-group.json')], { logGroupName: '/app/orders' }, 'no statement', true],
    ['an explicit Deny of logs:PutLogEvents', [managed('AWSLambdaBasicExecutionRole'), inline('deny-put-log-events.json')], {}, 'explicitly denied by policy "deny-put-log-events" statement "NoLogs"', false],
    ['a Deny with NotResource outside /central', [managed('AWSLambdaVPCAccessExecutionRole'), customer('deny-logs-notresource.json')], {}, 'OnlyCentralLogs', false],
    ['a Deny under an unknown condition on top of a full grant (the write is not guaranteed)', [managed('AWSLambdaBasicExecutionRole'), inline('deny-logs-outside-vpc-conditional.json')], {}, 'aws:sourcevpc', false],
    ['a permissions boundary without logs', [managed('AWSLambdaBasicExecutionRole')], { boundary: boundary('boundary-data-only.json') }, 'permissions boundary does not', false],
  ])('fires for %s', (_name, policies, opts, reason, basicFixes) => {
    const { role, fn, findings } = run(policies, opts);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ checkId: 'missing-log-permissions', severity: 'medium', door: 'role', resourceArn: fn.arn, functionArns: [fn.arn] });
    expect(f.detail).toContain(reason);
    expect(f.detail).toContain(`for a log stream of arn:aws:logs:eu-west-1:111122223333:log-group:${fn.logGroupName})`);
    // The concrete stream the evaluation used is Keycard's own, never printed as if it were the account's.
    expect(f.detail).not.toMatch(/log-stream:\S/);
    expect(f.detail).toContain(basicFixes ? 'would fix it' : 'not');
    const attach = `aws iam attach-role-policy --role-name ${role.name} --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`;
    if (basicFixes) expect(f.remediation.cli).toBe(attach);
    else expect(f.remediation.cli.split('\n')[0]).toMatch(/^# .*NOT fix|^# .*already attached/);
  });

  it.each([
    ['AWSLambdaBasicExecutionRole', [managed('AWSLambdaBasicExecutionRole')], {}],
    ['AWSLambdaVPCAccessExecutionRole (includes logs)', [managed('AWSLambdaVPCAccessExecutionRole')], {}],
    ['AWSLambdaSQSQueueExecutionRole (includes logs)', [managed('AWSLambdaSQSQueueExecutionRole')], {}],
    ['AWSLambdaKinesisExecutionRole (includes logs)', [managed('AWSLambdaKinesisExecutionRole')], {}],
    ['AdministratorAccess', [managed('AdministratorAccess')], {}],
    ['the AWS-documented scoped policy on log-group:/aws/lambda/<fn>:*', [inline('logs-own-group.json')], {}],
    ['arn:aws:logs:*:*:*', [inline('logs-any-arn.json')], {}],
    ['wildcard actions logs:Create* and logs:Put?ogEvents on /aws/lambda/*', [inline('logs-wildcard-actions.json')], {}],
    ['a custom log group granted by name', [inline('logs-custom-group.json')], { logGroupName: '/app/orders' }],
    ['a region-fence Deny (aws:RequestedRegion is the function\'s region)', [managed('AWSLambdaBasicExecutionRole'), inline('deny-logs-outside-region-conditional.json')], {}],
    ['a boundary that allows logs', [managed('AWSLambdaBasicExecutionRole')], { boundary: boundary('boundary-app-services.json') }],
  ])('does not fire with %s', (_name, policies, opts) => {
    expect(run(policies, opts).findings).toEqual([]);
  });

  it('says when AWSLambdaBasicExecutionRole is already attached and cannot help', () => {
    const { findings } = run([managed('AWSLambdaBasicExecutionRole'), inline('deny-put-log-events.json')]);
    expect(findings[0]!.detail).toContain('already attached');
    // The Deny is the policy's only statement: the policy goes.
    expect(findings[0]!.remediation.cli).toContain('aws iam delete-role-policy --role-name orders-api-role --policy-name deny-put-log-events');
    expect(findings[0]!.evidence.find((e) => e.statementSid === 'NoLogs')).toMatchObject({ source: 'deny-put-log-events', statementIndex: 0 });
  });

  it('re-evaluates with the policy added: no Allow now, and the boundary would still block it', () => {
    const { findings } = run([inline('orders-app-scoped.json')], { boundary: boundary('boundary-data-only.json') });
    const f = findings[0]!;
    expect(f.detail).toContain('no statement in the role\'s identity policies allows it');
    expect(f.detail).toContain('would NOT fix it (re-evaluated with the policy added): widen the permissions boundary first');
    expect(f.remediation.cli.split('\n')).toEqual([
      expect.stringMatching(/^# Attaching AWSLambdaBasicExecutionRole would NOT fix it/),
      expect.stringMatching(/^# Lets logs:CreateLogStream on .*, logs:PutLogEvents on .* through the permissions boundary boundary-data-only/),
      expect.stringMatching(
        /^aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy\/boundary-data-only --policy-document '\{.*"Action":"logs:PutLogEvents","Resource":"arn:aws:logs:eu-west-1:111122223333:log-group:\/aws\/lambda\/orders-api:\*"\}\]\}' --set-as-default$/,
      ),
      'aws iam attach-role-policy --role-name orders-api-role --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
  });

  it('points at the boundary when it blocks', () => {
    const { findings } = run([managed('AWSLambdaBasicExecutionRole')], { boundary: boundary('boundary-data-only.json') });
    expect(findings[0]!.remediation.cli).toContain('aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy/boundary-data-only');
  });

  it('does not judge a function whose role could not be read', () => {
    const role = makeRole();
    const fn = makeFunction(role);
    expect(missingLogPermissionsCheck.evaluate(fn, undefined, makeContext([], [fn]))).toEqual([]);
  });
});

describe('canWriteLogs', () => {
  it('proves a fix before attaching it, without mutating the role', () => {
    const role = makeRole({ policies: [inline('orders-app-scoped.json')] });
    const fn = makeFunction(role);
    expect(canWriteLogs(fn, role).canWrite).toBe(false);
    const withBasic = canWriteLogs(fn, role, [basicExecutionRolePolicy('aws')]);
    expect(withBasic.canWrite).toBe(true);
    expect(withBasic.logStreamArn).toMatch(/^arn:aws:logs:eu-west-1:111122223333:log-group:\/aws\/lambda\/orders-api:log-stream:\S+$/);
    expect(role.policies).toHaveLength(1);
  });
});
