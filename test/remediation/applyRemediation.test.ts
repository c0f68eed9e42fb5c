import {
  AttachRolePolicyCommand,
  GetRolePolicyCommand,
  IAMClient,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyRemediation } from '../../shared/remediation/applyRemediation.ts';
import { describeRemediation } from '../../shared/remediation/describeRemediation.ts';
import { RemediationApplyError } from '../../shared/remediation/errors.ts';
import { planRemediation } from '../../shared/remediation/planRemediation.ts';
import type { RemediationSettings } from '../../shared/remediation/RemediationPlan.ts';
import { verifyRemediation } from '../../shared/remediation/verifyRemediation.ts';
import { FINDING, FN, role, settings } from './loadFixtures.ts';

const BASIC_ARN = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const iam = mockClient(IAMClient);
const client = new IAMClient({ region: 'us-east-1' });
const meta = { $metadata: { httpStatusCode: 400, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 } };

const plan = (roleName: string, overrides: Partial<RemediationSettings> = {}) =>
  planRemediation({ finding: FINDING, fn: FN, role: role(roleName), settings: settings(overrides) });

beforeEach(() => iam.reset());

describe('applyRemediation', () => {
  it('attaches exactly AWSLambdaBasicExecutionRole after checking every page of attached policies', async () => {
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'orders-api-role' }).resolves({
      AttachedPolicies: [{ PolicyName: 'orders-table', PolicyArn: 'arn:aws:iam::111122223333:policy/orders-table' }],
      IsTruncated: true,
      Marker: 'page-2',
    });
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'orders-api-role', Marker: 'page-2' }).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(AttachRolePolicyCommand).resolves({ $metadata: {} });
    const outcome = await applyRemediation(client, plan('no-logs'));
    expect(outcome).toMatchObject({ action: 'attach-managed-policy', applied: true, before: FINDING });
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand)).toHaveLength(2);
    const attach = iam.commandCalls(AttachRolePolicyCommand);
    expect(attach).toHaveLength(1);
    expect(attach[0]!.args[0].input).toEqual({ RoleName: 'orders-api-role', PolicyArn: BASIC_ARN });
  });

  it('is idempotent: a policy already attached (found on a later page) is not-needed and nothing is attached', async () => {
    iam.on(ListAttachedRolePoliciesCommand, { RoleName: 'orders-api-role' }).resolves({ AttachedPolicies: [], IsTruncated: true, Marker: 'p2' });
    iam
      .on(ListAttachedRolePoliciesCommand, { RoleName: 'orders-api-role', Marker: 'p2' })
      .resolves({ AttachedPolicies: [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_ARN }], IsTruncated: false });
    const outcome = await applyRemediation(client, plan('no-logs'));
    expect(outcome).toMatchObject({ action: 'not-needed', applied: false });
    expect(iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
  });

  it('puts the scoped KeycardLogs inline policy when none exists', async () => {
    iam.on(GetRolePolicyCommand).rejects(new NoSuchEntityException({ message: 'The role policy with name KeycardLogs cannot be found.', ...meta }));
    iam.on(PutRolePolicyCommand).resolves({ $metadata: {} });
    const p = plan('no-logs', { style: 'inline-scoped' });
    const outcome = await applyRemediation(client, p);
    expect(outcome).toMatchObject({ action: 'put-inline-policy', applied: true });
    const put = iam.commandCalls(PutRolePolicyCommand);
    expect(put).toHaveLength(1);
    const input = put[0]!.args[0].input;
    expect(input.RoleName).toBe('orders-api-role');
    expect(input.PolicyName).toBe('KeycardLogs');
    expect(JSON.parse(input.PolicyDocument ?? '')).toEqual(p.change?.kind === 'put-inline-policy' ? p.change.document : undefined);
  });

  it('is idempotent for the inline style: an identical KeycardLogs (URL-encoded, as IAM returns it) is not-needed', async () => {
    const p = plan('no-logs', { style: 'inline-scoped' });
    const doc = p.change?.kind === 'put-inline-policy' ? p.change.document : {};
    iam.on(GetRolePolicyCommand).resolves({ RoleName: 'orders-api-role', PolicyName: 'KeycardLogs', PolicyDocument: encodeURIComponent(JSON.stringify(doc, null, 2)) });
    const outcome = await applyRemediation(client, p);
    expect(outcome.action).toBe('not-needed');
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('keeps log groups of a KeycardLogs already in IAM that the plan did not see (shared role, stale facts)', async () => {
    const p = plan('no-logs', { style: 'inline-scoped' });
    const otherFunction = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'KeycardWriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders-worker:*'] },
        { Sid: 'KeycardCreateLogGroup', Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders-worker'] },
      ],
    };
    iam.on(GetRolePolicyCommand).resolves({ RoleName: 'orders-api-role', PolicyName: 'KeycardLogs', PolicyDocument: encodeURIComponent(JSON.stringify(otherFunction)) });
    iam.on(PutRolePolicyCommand).resolves({});
    const outcome = await applyRemediation(client, p);
    expect(outcome.action).toBe('put-inline-policy');
    const put = JSON.parse(iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input.PolicyDocument ?? '{}');
    expect(put.Statement[0].Resource).toEqual([
      'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders-api:*',
      'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders-worker:*',
    ]);
    expect(outcome.plan.change?.cli).toContain('/aws/lambda/orders-worker');
  });

  it.each([
    ['LimitExceeded (role has too many managed policies)', new LimitExceededException({ message: 'Cannot exceed quota for PoliciesPerRole: 10', ...meta })],
    ['AccessDenied (an SCP or the remediator policy refuses)', Object.assign(new Error('User is not authorized to perform: iam:AttachRolePolicy'), { name: 'AccessDenied', ...meta })],
  ])('reports %s as a failed remediation in the alert rather than retrying forever', async (_name, error) => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(AttachRolePolicyCommand).rejects(error);
    const outcome = await applyRemediation(client, plan('no-logs'));
    expect(outcome.action).toBe('failed');
    expect(outcome.applied).toBe(false);
    expect(outcome.error?.name).toBe(error.name);
    expect(describeRemediation(outcome)[0]).toMatch(/^Remediation failed/);
  });

  it('throws on errors a retry may fix, so the event is retried and then dead-lettered', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(AttachRolePolicyCommand).rejects(new ServiceFailureException({ message: 'internal failure', ...meta }));
    await expect(applyRemediation(client, plan('no-logs'))).rejects.toThrow(RemediationApplyError);
  });

  it.each([
    ['blocked', 'deny-logs', {}],
    ['skipped-exempt', 'exempt', {}],
    ['skipped-service-linked', 'service-linked', {}],
    ['dry-run', 'no-logs', { dryRun: true }],
    ['notify-only', 'no-logs', { mode: 'notify' as const }],
    ['not-needed', 'has-basic', {}],
  ])('makes no IAM call for a %s plan', async (action, roleName, overrides) => {
    const outcome = await applyRemediation(client, plan(roleName, overrides));
    expect(outcome).toMatchObject({ action, applied: false });
    expect(iam.calls()).toHaveLength(0);
  });
});

describe('verifyRemediation and describeRemediation', () => {
  it('reports before, action and after (re-read role with the policy attached)', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(AttachRolePolicyCommand).resolves({});
    const outcome = await applyRemediation(client, plan('no-logs'));
    const verified = verifyRemediation(outcome, { fn: FN, role: role('has-basic') }, new Date('2026-11-29T16:00:05Z'));
    expect(verified.after).toMatchObject({ resolved: true, checkedAt: '2026-11-29T16:00:05.000Z' });
    const text = describeRemediation(verified).join('\n');
    expect(text).toContain('Remediated: attached AWSLambdaBasicExecutionRole');
    expect(text).toMatch(/Before: .*no statement/i);
    expect(text).toContain(`Action: Attached ${BASIC_ARN} to orders-api-role.`);
    expect(text).toContain('the finding is resolved');
  });

  it('says so when the re-read role does not show the change yet (IAM eventual consistency)', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(AttachRolePolicyCommand).resolves({});
    const outcome = await applyRemediation(client, plan('no-logs'));
    const verified = verifyRemediation(outcome, { fn: FN, role: role('no-logs') });
    expect(verified.after?.resolved).toBe(false);
    expect(describeRemediation(verified).join('\n')).toMatch(/still not resolved.*next audit re-checks/);
  });
});
