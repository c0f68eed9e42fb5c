import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/registry.ts';
import { isAtLeast } from '../../shared/engine/severityRank.ts';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';
import { renderJson } from '../../shared/report/renderJson.ts';
import { renderSarif } from '../../shared/report/renderSarif.ts';
import { renderTable } from '../../shared/report/renderTable.ts';
import { auditDemoAccount, DEMO_ACCOUNT_DIR } from './auditDemoAccount.ts';
import { awsManagedPolicy } from '../support/awsManagedPolicies.ts';
import { filterBySeverity } from '../../shared/engine/filterBySeverity.ts';

const DEMO = DEMO_ACCOUNT_DIR;
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:111122223333:function:${name}`;

/** Where each check must fire in the demo (the README's tour of the demo relies on these). */
const EXPECTED_FIRING: Record<string, string[]> = {
  'admin-access': ['ops-runbook-runner'],
  'privilege-escalation': ['deploy-hook'],
  'missing-log-permissions': ['invoice-pdf-renderer'],
  'missing-feature-permissions': ['payments-webhook'],
  'lambda-cannot-assume-role': ['report-mailer'],
  'broad-trust-policy': ['partner-data-sync'],
  'shared-execution-role': ['etl-extract', 'etl-load'],
  'wildcard-permissions': ['etl-extract', 'etl-load'],
  'public-invoke': ['ops-runbook-runner'],
  'public-function-url': ['marketing-signup-form'],
  'cross-account-invoke': ['payments-webhook'],
  'confused-deputy': ['csv-importer'],
  'evaluation-incomplete': ['partner-data-sync'],
};

/** Checks whose facts only a live reader gives (a snapshot has no trail status): silent on the demo by design. */
const LIVE_ONLY = ['no-management-events-trail'];

const WELL_CONFIGURED = ['thumbnail-generator', 'orders-api', 'order-queue-worker', 'nightly-report', 'customer-db-sync'];

let result: AuditResult;
beforeAll(async () => {
  result = await auditDemoAccount();
});

describe('examples/demo-account', () => {
  it('is account 111122223333 in us-east-1 with about a dozen functions', () => {
    expect(result.summary).toMatchObject({ accountId: '111122223333', region: 'us-east-1' });
    expect(result.summary.functionsEvaluated).toBeGreaterThanOrEqual(12);
  });

  it('covers every registered check a snapshot can fire, and the registry has all 13 of them', () => {
    const ids = CHECKS.map((c) => c.metadata.id);
    expect(ids.filter((id) => !LIVE_ONLY.includes(id)).sort()).toEqual(Object.keys(EXPECTED_FIRING).sort());
    expect(LIVE_ONLY.filter((id) => !ids.includes(id))).toEqual([]);
    expect(result.findings.filter((f) => LIVE_ONLY.includes(f.checkId))).toEqual([]);
    const fired = new Set(result.findings.map((f) => f.checkId));
    expect([...Object.keys(EXPECTED_FIRING)].filter((id) => !fired.has(id))).toEqual([]);
  });

  it.each(Object.entries(EXPECTED_FIRING))('%s fires on %j', (checkId, functions) => {
    const affected = new Set(result.findings.filter((f) => f.checkId === checkId).flatMap((f) => f.functionArns));
    for (const name of functions) expect([...affected]).toContain(fnArn(name));
  });

  it.each(WELL_CONFIGURED)('well-configured %s has no finding above info', (name) => {
    const serious = result.findings.filter((f) => f.functionArns.includes(fnArn(name)) && isAtLeast(f.severity, 'low'));
    expect(serious.map((f) => `${f.checkId}: ${f.detail}`)).toEqual([]);
  });

  it('puts the worst-case function (public and admin) first, alone', () => {
    expect(result.functions[0]).toMatchObject({ functionName: 'ops-runbook-runner', exposure: 'public', rolePower: 'admin', worstCase: true });
    expect(result.functions.filter((f) => f.worstCase).map((f) => f.functionName)).toEqual(['ops-runbook-runner']);
    expect(result.findings[0]!.functionArns).toContain(fnArn('ops-runbook-runner'));
    const table = renderTable(result, { color: false }).split('\n');
    expect(table.find((line) => /^\S/.test(line) && /ops-|WORST/.test(line))).toBe('[WORST CASE] ops-runbook-runner');
  });

  it('fits 100 columns, legend included, in the table the CLI prints off a terminal (80 wide)', () => {
    const table = renderTable(filterBySeverity(result, 'info'), { color: false });
    expect(table).toContain('Legend');
    const long = table.split('\n').filter((line) => [...line].length > 100);
    expect(long).toEqual([]);
  });

  it('never shows an environment variable value in any report', () => {
    const functions = JSON.parse(readFileSync(join(DEMO, 'lambda/functions.json'), 'utf8')) as {
      Functions: { Environment?: { Variables?: Record<string, string> } }[];
    };
    const values = functions.Functions.flatMap((f) => Object.values(f.Environment?.Variables ?? {}));
    expect(values).toContain('whsec_DEMO0nlyNeverPrinted9f3c');
    for (const report of [renderTable(result, { color: false }), renderJson(result), renderSarif(result)]) {
      for (const value of new Set(values)) expect(report).not.toContain(value);
    }
  });

  it('holds the AWS managed policies exactly as AWS publishes them', () => {
    const details = JSON.parse(readFileSync(join(DEMO, 'iam/authorization-details.json'), 'utf8')) as {
      Policies: { Arn: string; PolicyName: string; DefaultVersionId: string; PolicyVersionList: { VersionId: string; Document: unknown }[] }[];
    };
    const awsManaged = details.Policies.filter((p) => p.Arn.startsWith('arn:aws:iam::aws:policy/'));
    expect(awsManaged.length).toBeGreaterThanOrEqual(4);
    for (const policy of awsManaged) {
      const published = awsManagedPolicy(policy.PolicyName);
      expect(policy.Arn).toBe(published.arn);
      const version = policy.PolicyVersionList.find((v) => v.VersionId === policy.DefaultVersionId);
      expect(version?.Document, policy.PolicyName).toEqual(published.document);
    }
  });

  it('includes URL-encoded documents, as the IAM API returns them to the SDK', () => {
    const text = readFileSync(join(DEMO, 'iam/authorization-details.json'), 'utf8');
    expect(text).toMatch(/"%7B%22Version%22%3A%222012-10-17%22/);
  });

  it('names each per-function file after a listed function', () => {
    const names = new Set(
      (JSON.parse(readFileSync(join(DEMO, 'lambda/functions.json'), 'utf8')) as { Functions: { FunctionName: string }[] }).Functions.map(
        (f) => f.FunctionName,
      ),
    );
    for (const dir of ['lambda/policies', 'lambda/url-configs']) {
      for (const file of readdirSync(join(DEMO, dir))) expect(names.has(file.replace(/\.json$/, '')), `${dir}/${file}`).toBe(true);
    }
  });
});
