import { describe, expect, it } from 'vitest';
import { basicExecutionRolePolicy } from '../../shared/checks/role/lambdaManagedPolicies.ts';
import { RemediationInputError } from '../../shared/remediation/errors.ts';
import { evaluateLogWrite } from '../../shared/remediation/evaluateLogWrite.ts';
import { isRemediable, planRemediation } from '../../shared/remediation/planRemediation.ts';
import type { RemediationSettings } from '../../shared/remediation/RemediationPlan.ts';
import { FINDING, FN, OWN_ROLE_ARN, role, settings } from './loadFixtures.ts';
import { awsManagedPolicy } from '../support/awsManagedPolicies.ts';

const BASIC_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

describe('planRemediation', () => {
  it.each<[string, string, Partial<RemediationSettings>, string, RegExp]>([
    ['attaches the managed policy when that is proven to fix logs', 'no-logs', {}, 'attach-managed-policy', /re-evaluated with it/],
    ['puts the scoped inline policy in inline style', 'no-logs', { style: 'inline-scoped' }, 'put-inline-policy', /KeycardLogs scoped to \/aws\/lambda\/orders-api/],
    ['blocks when a Deny statement covers logs, naming it', 'deny-logs', {}, 'blocked', /DenyLogs/],
    ['blocks the inline style too when a Deny covers logs', 'deny-logs', { style: 'inline-scoped' }, 'blocked', /DenyLogs/],
    ['blocks when a conditional Deny may remove logs (not a guarantee)', 'conditional-deny-logs', {}, 'blocked', /DenyLogsOutsideVpc|aws:sourcevpc/i],
    ['blocks when the permissions boundary does not allow logs, naming it', 'boundary-without-logs', {}, 'blocked', /boundary.*data-only-boundary/],
    ['attaches when the boundary allows logs', 'boundary-with-logs', {}, 'attach-managed-policy', /AWSLambdaBasicExecutionRole/],
    ['never touches a role with the exemption tag (key compared case-insensitively)', 'exempt', {}, 'skipped-exempt', /Keycard:Exempt=owned-by-platform-team/],
    ['never touches a service-linked role', 'service-linked', {}, 'skipped-service-linked', /\/aws-service-role\//],
    ['reports not-needed when logs are already writable (the loop ends here)', 'has-basic', {}, 'not-needed', /already lets orders-api write/],
    ['only reports in notify mode', 'no-logs', { mode: 'notify' }, 'notify-only', /in remediate mode Keycard would attach AWSLambdaBasicExecutionRole/],
    ['only reports in a dry run', 'no-logs', { dryRun: true }, 'dry-run', /Dry run: Keycard would attach/],
    ['blocks when part of the role could not be read', 'incomplete', {}, 'blocked', /could not read all of orders-api-role/],
  ])('%s', (_name, roleName, overrides, action, reason) => {
    const plan = planRemediation({ finding: FINDING, fn: FN, role: role(roleName), settings: settings(overrides) });
    expect(plan.action).toBe(action);
    expect(plan.reason).toMatch(reason);
  });

  it('never touches the stack\'s own role, even when its ARN carries a path', () => {
    const own = { ...role('no-logs'), arn: OWN_ROLE_ARN.replace(':role/', ':role/service-role/'), name: 'keycard-OnRoleChangeFunctionRole-1A2B3C' };
    const fn = { ...FN, roleArn: own.arn };
    const plan = planRemediation({ finding: FINDING, fn, role: own, settings: settings() });
    expect(plan.action).toBe('skipped-own-role');
  });

  it('attaches exactly the one managed policy ARN of the function\'s partition', () => {
    const plan = planRemediation({ finding: FINDING, fn: FN, role: role('no-logs'), settings: settings() });
    expect(plan.change).toEqual({
      kind: 'attach-managed-policy',
      policyArn: BASIC_ARN,
      cli: `aws iam attach-role-policy --role-name orders-api-role --policy-arn ${BASIC_ARN}`,
    });
    const gov = { ...FN, partition: 'aws-us-gov', arn: FN.arn.replace('arn:aws:', 'arn:aws-us-gov:') };
    const govRole = { ...role('no-logs'), arn: role('no-logs').arn.replace('arn:aws:', 'arn:aws-us-gov:') };
    const govPlan = planRemediation({ finding: { ...FINDING, resourceArn: gov.arn }, fn: { ...gov, roleArn: govRole.arn }, role: govRole, settings: settings() });
    expect(govPlan.change).toMatchObject({ policyArn: 'arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' });
  });

  it('proves the change: logs are not writable before and are with it', () => {
    const plan = planRemediation({ finding: FINDING, fn: FN, role: role('no-logs'), settings: settings() });
    expect(plan.evaluation.before.allowed).toBe(false);
    expect(plan.evaluation.withChange?.allowed).toBe(true);
  });

  it('scopes the inline policy to the function\'s own log group', () => {
    const plan = planRemediation({ finding: FINDING, fn: FN, role: role('no-logs'), settings: settings({ style: 'inline-scoped' }) });
    expect(plan.change?.kind).toBe('put-inline-policy');
    if (plan.change?.kind !== 'put-inline-policy') return;
    expect(plan.change.policyName).toBe('KeycardLogs');
    expect(plan.change.document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'KeycardWriteLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders-api:*'],
        },
        { Sid: 'KeycardCreateLogGroup', Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders-api'] },
      ],
    });
    // The scoped policy does not let the role write another function's logs.
    const other = { ...FN, name: 'billing', logGroupName: '/aws/lambda/billing' };
    const withIt = { ...role('no-logs'), policies: [...role('no-logs').policies, { name: 'KeycardLogs', kind: 'inline' as const, document: plan.change.document }] };
    expect(evaluateLogWrite(FN, withIt).allowed).toBe(true);
    expect(evaluateLogWrite(other, withIt).allowed).toBe(false);
  });

  it('keeps the log groups an earlier KeycardLogs granted to other functions on a shared role', () => {
    const plan = planRemediation({ finding: FINDING, fn: FN, role: role('keycard-logs-other-function'), settings: settings({ style: 'inline-scoped' }) });
    expect(plan.action).toBe('put-inline-policy');
    const doc = plan.change?.kind === 'put-inline-policy' ? plan.change.document : undefined;
    expect(JSON.stringify(doc)).toContain('/aws/lambda/orders-worker:*');
    expect(JSON.stringify(doc)).toContain('/aws/lambda/orders-api:*');
  });

  it('uses a logging config log group instead of the default', () => {
    const fn = { ...FN, logGroupName: '/shared/app-logs' };
    const plan = planRemediation({ finding: FINDING, fn, role: role('no-logs'), settings: settings({ style: 'inline-scoped' }) });
    expect(JSON.stringify(plan.change)).toContain('log-group:/shared/app-logs:*');
  });

  it('refuses findings it does not fix, and facts that do not belong to the finding', () => {
    const admin = { ...FINDING, checkId: 'admin-access' };
    expect(isRemediable(admin)).toBe(false);
    expect(() => planRemediation({ finding: admin, fn: FN, role: role('no-logs'), settings: settings() })).toThrow(RemediationInputError);
    const otherRole = { ...role('no-logs'), arn: 'arn:aws:iam::111122223333:role/someone-else' };
    expect(() => planRemediation({ finding: FINDING, fn: FN, role: otherRole, settings: settings() })).toThrow(/runs as/);
  });

  it('carries the current AWSLambdaBasicExecutionRole document (compared with the published one)', () => {
    const reference = awsManagedPolicy('AWSLambdaBasicExecutionRole').document as { Statement: unknown };
    const statements = (d: { Statement: unknown }) => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]);
    const norm = (d: { Statement: unknown }) => JSON.stringify(statements(d).map((s: Record<string, unknown>) => ({ Effect: s['Effect'], Action: s['Action'], Resource: s['Resource'] })));
    expect(norm(basicExecutionRolePolicy('aws').document)).toBe(norm(reference));
  });
});
