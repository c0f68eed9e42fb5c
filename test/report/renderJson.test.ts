import { describe, expect, it } from 'vitest';
import { renderJson } from '../../shared/report/renderJson.ts';
import { loadSmallAuditResult } from './loadFixture.ts';

/** The public JSON contract (README, "JSON output"): exactly these keys, in this order. */
const FINDING_KEYS = ['checkId', 'severity', 'resourceArn', 'functionArns', 'title', 'detail', 'evidence', 'remediation', 'door'];

describe('renderJson', () => {
  const json = JSON.parse(renderJson(loadSmallAuditResult())) as Record<string, unknown>;
  const findings = json.findings as Record<string, unknown>[];

  it('has findings, functions and summary at the top level', () => {
    expect(Object.keys(json)).toEqual(['findings', 'functions', 'summary']);
  });

  it('gives every finding exactly the contract fields', () => {
    expect(findings).toHaveLength(5);
    for (const finding of findings) expect(Object.keys(finding)).toEqual(FINDING_KEYS);
  });

  it('keeps finding order and values', () => {
    expect(findings.map((f) => f.checkId)).toEqual([
      'public-invoke',
      'admin-access',
      'missing-log-permissions',
      'shared-execution-role',
      'evaluation-incomplete',
    ]);
    expect(findings[1]).toMatchObject({
      severity: 'critical',
      resourceArn: 'arn:aws:iam::111122223333:role/ops-runbook-runner-role',
      functionArns: ['arn:aws:lambda:us-east-1:111122223333:function:ops-runbook-runner'],
      door: 'role',
      remediation: {
        text: 'Detach AdministratorAccess and grant only what the function needs.',
        cli: 'aws iam detach-role-policy --role-name ops-runbook-runner-role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      },
    });
    expect(findings[1]!.evidence).toEqual([
      { source: 'AdministratorAccess', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', statementIndex: 0, note: 'Allow * on *' },
    ]);
  });

  it('does not leak fields a check attaches beyond the contract', () => {
    const result = loadSmallAuditResult();
    Object.assign(result.findings[0]!, { internalScore: 7 });
    Object.assign(result.findings[0]!.remediation, { extra: true });
    const finding = (JSON.parse(renderJson(result)) as { findings: Record<string, unknown>[] }).findings[0]!;
    expect(Object.keys(finding)).toEqual(FINDING_KEYS);
    expect(Object.keys(finding.remediation as object)).toEqual(['text', 'cli']);
  });

  it('carries the summary and the per-function risk roll-up unchanged', () => {
    const result = loadSmallAuditResult();
    expect(json.summary).toEqual(result.summary);
    expect(json.functions).toEqual(result.functions);
  });

  it('is pretty-printed and ends with a newline', () => {
    const text = renderJson(loadSmallAuditResult());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "findings": [');
  });
});
