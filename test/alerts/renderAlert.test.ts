import { describe, expect, it } from 'vitest';
import type { AlertJson } from '../../shared/alerts/AlertJson.ts';
import { AlertRenderError } from '../../shared/alerts/errors.ts';
import { renderAlert } from '../../shared/alerts/renderAlert.ts';
import { SNS_MAX_MESSAGE_BYTES, snsMessageBytes } from '../../shared/alerts/snsMessage.ts';
import { applyRemediation } from '../../shared/remediation/applyRemediation.ts';
import { planRemediation } from '../../shared/remediation/planRemediation.ts';
import { FINDING, FN, role, settings } from '../remediation/loadFixtures.ts';
import { FINDINGS, TRIGGER, finding } from './loadFixtures.ts';

const base = { region: 'us-east-1', accountId: '111122223333' };

describe('renderAlert subject', () => {
  it.each([
    [[finding('admin-access')], '[Keycard] CRITICAL admin-access on role order-processor-role (2 functions)'],
    [[finding('missing-log-permissions'), finding('admin-access')], '[Keycard] CRITICAL admin-access on role order-processor-role (2 functions) +1 more'],
    [[finding('missing-log-permissions')], '[Keycard] MEDIUM missing-log-permissions on function orders-api'],
    [FINDINGS, '[Keycard] CRITICAL admin-access on role order-processor-role (2 functions) +2 more'],
  ])('names the worst finding and counts the rest (%#)', (findings, subject) => {
    expect(renderAlert({ ...base, findings }).subject).toBe(subject);
  });

  it('stays under 100 ASCII characters on one line with a 64-character role name', () => {
    const f = finding('admin-access');
    const long = `a-very-long-role-name-${'x'.repeat(42)}`;
    expect(long).toHaveLength(64);
    f.resourceArn = `arn:aws:iam::111122223333:role/team/${long}`;
    f.functionArns = Array.from({ length: 1234 }, (_, i) => `arn:aws:lambda:us-east-1:111122223333:function:fn-${i}`);
    const { subject } = renderAlert({ ...base, findings: [f, finding('missing-log-permissions')] });
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^\[Keycard\] CRITICAL admin-access on role a-very-long-role-name-x+\.\.\. \(1234 functions\) \+1 more$/);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('renderAlert message attributes', () => {
  it('sets severity to the worst and checkId to a String.Array of every check id, for SNS filter policies', () => {
    const { messageAttributes } = renderAlert({ ...base, findings: [finding('missing-log-permissions'), ...FINDINGS] });
    expect(messageAttributes['severity']).toEqual({ DataType: 'String', StringValue: 'critical' });
    expect(messageAttributes['checkId']).toEqual({ DataType: 'String.Array', StringValue: '["admin-access","missing-log-permissions","public-invoke"]' });
    expect(messageAttributes['kind']).toEqual({ DataType: 'String', StringValue: 'alert' });
    expect(Object.keys(messageAttributes).length).toBeLessThanOrEqual(10);
  });
});

describe('renderAlert JSON', () => {
  it('carries the same findings, worst first, with trigger and account', () => {
    const rendered = renderAlert({ ...base, findings: FINDINGS, trigger: TRIGGER });
    const json = JSON.parse(rendered.json) as AlertJson;
    expect(json).toMatchObject({ schema: 'keycard.alert/v1', kind: 'alert', accountId: '111122223333', region: 'us-east-1', worstSeverity: 'critical', trigger: TRIGGER, remediations: [] });
    expect(json.findings.map((f) => f.checkId)).toEqual(['admin-access', 'public-invoke', 'missing-log-permissions']);
    expect(json.findings[0]).toEqual(finding('admin-access'));
    expect(json.omittedFindings).toBeUndefined();
    expect(rendered.findingCount).toBe(3);
  });
});

describe('renderAlert text', () => {
  const { text } = renderAlert({ ...base, findings: FINDINGS, trigger: TRIGGER });

  it('wraps prose at 78 columns; only URLs, ARNs and CLI commands may run longer', () => {
    for (const line of text.split('\n').filter((l) => l.length > 78)) {
      expect(line.trim()).toMatch(/^(https:\/\/\S+|arn:\S+|aws \S+.*|.*\S{40,}.*)$/);
    }
  });

  it('says who made the change, what, when and from where, once', () => {
    expect(text.replace(/\s+/g, ' ')).toContain(
      'Change: AttachRolePolicy by arn:aws:iam::111122223333:user/christophe at 2024-08-01T13:37:41Z from 203.0.113.25 (event 39480357-0a1d-4531-a3f2-71be4c041c25).',
    );
    expect(text.match(/christophe/g)).toHaveLength(1);
  });

  it('names the door, the resource, its console link and the functions a role serves', () => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Where: role order-processor-role, keycard (execution role); used by 2 functions: order-api, order-worker');
    expect(flat).toContain('Where: function orders-webhook, lock (resource policy / URL)');
    expect(text).toContain('https://console.aws.amazon.com/iam/home#/roles/details/order-processor-role');
    expect(text).toContain('https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/orders-webhook');
  });

  it('explains why in one sentence with a link to the check\'s section, and gives the exact CLI fix unwrapped', () => {
    expect(text).toMatch(/Why: {3}Keycard asks the policy evaluator[^]*?More: docs\/checks\.md#admin-access in Keycard's source\n/);
    expect(text).toContain('\n    aws iam detach-role-policy --role-name order-processor-role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess\n');
    expect(text).toContain('\n    aws lambda remove-permission --region us-east-1 --function-name orders-webhook --statement-id public\n');
  });

  it('says how to accept a finding and how to stop one check\'s alerts, with commands safe to paste', () => {
    expect(text.replace(/\s+/g, ' ')).toContain('Tag the role keycard:exempt=<reason> and Keycard never changes it (it still reports it).');
    expect(text).toContain(`--subscription-arn "$SUBSCRIPTION_ARN" --attribute-name FilterPolicy --attribute-value '{"checkId":[{"anything-but":["`);
  });

  it('keeps a multi-line fix command indented whole', () => {
    const f = { ...finding('admin-access'), remediation: { text: 'Do it.', cli: 'aws iam put-role-policy --role-name r \\\n  --policy-name p \\\n  --policy-document file://p.json' } };
    expect(renderAlert({ ...base, findings: [f] }).text).toContain('    aws iam put-role-policy --role-name r \\\n      --policy-name p \\\n      --policy-document file://p.json\n');
  });

  it('says JSON reaches machine subscribers only with AlertMessageStructure=per-protocol', () => {
    expect(text.replace(/\s+/g, ' ')).toContain('with the stack parameter AlertMessageStructure=per-protocol, SQS, Lambda and HTTPS subscribers of this topic get JSON');
  });

  it('falls back to the finding detail for a check id the registry does not know', () => {
    const f = { ...finding('admin-access'), checkId: 'future-check', detail: 'Something only the finding explains.' };
    expect(renderAlert({ ...base, findings: [f] }).text).toMatch(/Why: {3}Something only the finding explains\./);
  });
});

describe('renderAlert remediations', () => {
  it('reports a remediation even when the findings given no longer contain its finding (rendered after the fix)', async () => {
    const plan = planRemediation({ finding: FINDING, fn: FN, role: role('no-logs'), settings: settings({ dryRun: true }) });
    const outcome = await applyRemediation({} as never, plan); // a dry run makes no IAM call
    const rendered = renderAlert({ ...base, findings: [finding('admin-access')], remediations: [outcome] });
    expect(rendered.findingCount).toBe(2);
    expect(rendered.text).toContain('Dry run: nothing changed (role orders-api-role, function orders-api).');
    const json = JSON.parse(rendered.json) as AlertJson;
    expect(json.findings.map((f) => f.checkId)).toEqual(['admin-access', 'missing-log-permissions']);
    expect(json.remediations).toEqual([expect.objectContaining({ action: 'dry-run', applied: false, change: expect.objectContaining({ kind: 'attach-managed-policy' }) })]);
  });
});

describe('renderAlert limits', () => {
  it('refuses to render nothing: no findings means no message', () => {
    expect(() => renderAlert({ ...base, findings: [] })).toThrow(AlertRenderError);
  });

  it('fits SNS 256 KiB by dropping evidence, then the least severe findings, keeping the worst', () => {
    const many = Array.from({ length: 900 }, (_, i) => ({
      ...finding('missing-log-permissions'),
      resourceArn: `arn:aws:lambda:us-east-1:111122223333:function:fn-${String(i).padStart(4, '0')}`,
      detail: 'x'.repeat(300),
    }));
    const rendered = renderAlert({ ...base, findings: [...many, finding('admin-access')] });
    expect(snsMessageBytes(rendered)).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    const json = JSON.parse(rendered.json) as AlertJson;
    expect(json.findings[0]?.checkId).toBe('admin-access');
    expect(json.omittedFindings).toBeGreaterThan(0);
    expect(json.findings.length + (json.omittedFindings ?? 0)).toBe(901);
    expect(rendered.text).toContain('did not fit in one message');
    expect(rendered.findingCount).toBe(901);
  });
});
