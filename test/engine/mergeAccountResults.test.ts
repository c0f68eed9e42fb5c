/** Results across accounts: merged with accountId on findings and functions, counted per account worst first. */
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../shared/checks/types.ts';
import type { AuditResult, FunctionRisk } from '../../shared/engine/AuditResult.ts';
import { applyMutes } from '../../shared/engine/applyMutes.ts';
import { filterBySeverity } from '../../shared/engine/filterBySeverity.ts';
import { mergeAccountResults } from '../../shared/engine/mergeAccountResults.ts';
import { summarizeAccounts } from '../../shared/engine/summarizeAccounts.ts';
import { summarize } from '../../shared/engine/summarize.ts';

const fnArn = (account: string, name: string) => `arn:aws:lambda:us-east-1:${account}:function:${name}`;

function finding(account: string, name: string, checkId: string, severity: Severity): Finding {
  const arn = fnArn(account, name);
  return { checkId, severity, door: 'resource-policy', resourceArn: arn, functionArns: [arn], title: checkId, detail: `${name} ${checkId}`, evidence: [], remediation: { text: '', cli: '' } };
}

function fn(account: string, name: string, riskScore: number, worstCase = false): FunctionRisk {
  return { functionArn: fnArn(account, name), functionName: name, roleArn: `arn:aws:iam::${account}:role/r`, exposure: worstCase ? 'public' : 'private', rolePower: worstCase ? 'admin' : 'ordinary', worstCase, riskScore };
}

function result(account: string, findings: Finding[], functions: FunctionRisk[], region = 'us-east-1'): AuditResult {
  const summary = summarize(findings, { accountId: account, region, functionsEvaluated: functions.length, rolesEvaluated: 1, worstCaseFunctions: functions.filter((f) => f.worstCase).length, checkIds: ['public-invoke', 'missing-log-permissions', 'evaluation-incomplete'] });
  return { findings, functions, summary };
}

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const a = result(A, [finding(A, 'orders', 'missing-log-permissions', 'medium')], [fn(A, 'orders', 10)]);
const b = result(B, [finding(B, 'orders', 'public-invoke', 'critical'), finding(B, 'orders', 'missing-log-permissions', 'medium')], [fn(B, 'orders', 100, true), fn(B, 'quiet', 1)], 'eu-west-1');
const c = result(C, [], []);

describe('mergeAccountResults', () => {
  const merged = mergeAccountResults([a, b, c]);

  it('puts the account on every finding and function, worst-case functions of any account first', () => {
    expect(merged.findings.map((f) => [f.accountId, f.checkId])).toEqual([
      [B, 'public-invoke'],
      [B, 'missing-log-permissions'],
      [A, 'missing-log-permissions'],
    ]);
    expect(merged.functions.map((f) => [f.accountId, f.functionName])).toEqual([
      [B, 'orders'],
      [A, 'orders'],
      [B, 'quiet'],
    ]);
  });

  it('adds up the summaries, listing the accounts and the regions', () => {
    expect(merged.summary).toMatchObject({
      accountId: `${A},${B},${C}`,
      region: 'us-east-1,eu-west-1',
      functionsEvaluated: 3,
      rolesEvaluated: 3,
      findings: 3,
      worstCaseFunctions: 1,
      bySeverity: { critical: 1, high: 0, medium: 2, low: 0, info: 0 },
    });
  });

  it('leaves the inputs as they were', () => {
    expect(a.findings[0]!.accountId).toBeUndefined();
    expect(a.functions[0]!.accountId).toBeUndefined();
  });
});

describe('summarizeAccounts', () => {
  const merged = mergeAccountResults([a, b, c]);
  const standings = [
    { accountId: A, name: 'a', status: 'audited' as const },
    { accountId: B, name: 'b', status: 'audited' as const },
    { accountId: C, name: 'c', status: 'audited' as const },
    { accountId: '444444444444', name: 'gone', status: 'skipped' as const, state: 'SUSPENDED' },
  ];

  it('counts per account, worst first, skipped accounts last', () => {
    const accounts = summarizeAccounts(merged, standings);
    expect(accounts.map((x) => x.accountId)).toEqual([B, A, C, '444444444444']);
    expect(accounts[0]).toMatchObject({ name: 'b', status: 'audited', functionsEvaluated: 2, findings: 2, worstCaseFunctions: 1, bySeverity: { critical: 1, medium: 1 } });
    expect(accounts[3]).toMatchObject({ status: 'skipped', state: 'SUSPENDED', findings: 0 });
  });

  it('counts what is shown: after --min-severity and mutes', () => {
    const filtered = filterBySeverity(merged, 'high');
    expect(summarizeAccounts(filtered, standings).find((x) => x.accountId === A)).toMatchObject({ findings: 0, functionsEvaluated: 1 });
    const muted = applyMutes(merged, [{ checkId: 'public-invoke', arn: fnArn(B, 'orders'), expires: '2999-01-01', reason: 'accepted' }], new Date('2026-01-01')).result;
    expect(summarizeAccounts(muted, standings).find((x) => x.accountId === B)).toMatchObject({ findings: 1, bySeverity: { critical: 0, medium: 1 } });
  });

  it('ranks by severity before count: one critical above many mediums', () => {
    const many = result(A, Array.from({ length: 5 }, (_, i) => finding(A, `f${i}`, 'missing-log-permissions', 'medium')), []);
    const one = result(C, [finding(C, 'x', 'public-invoke', 'critical')], []);
    const accounts = summarizeAccounts(mergeAccountResults([many, one]), [
      { accountId: A, status: 'audited' },
      { accountId: C, status: 'audited' },
    ]);
    expect(accounts.map((x) => x.accountId)).toEqual([C, A]);
  });
});
