import { describe, expect, it } from 'vitest';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import { renderJson } from '../../shared/report/renderJson.ts';
import { renderTable } from '../../shared/report/renderTable.ts';
import { QA_ACCOUNT, QA_REGION, qaArn, qualifiedAccountRecords } from '../support/qualifiedAccount.ts';

const IDENTITY = { accountId: QA_ACCOUNT, region: QA_REGION, partition: 'aws' };
const audit = (mode: 'latest' | 'aliases' | 'all') =>
  evaluateAccount(toAccountFacts(IDENTITY, qualifiedAccountRecords(mode)), { trustedAccountIds: [] });

describe('aliases and published versions as functions of their own', () => {
  it('gives each alias the configuration, role, policy, URL and mappings of its own', () => {
    const facts = toAccountFacts(IDENTITY, qualifiedAccountRecords('all'));
    const live = facts.functions.find((fn) => fn.arn === qaArn('orders:live'))!;
    expect(live).toMatchObject({
      name: 'orders:live',
      roleArn: `arn:aws:iam::${QA_ACCOUNT}:role/orders-admin`,
      qualified: { kind: 'alias', qualifier: 'live', functionName: 'orders', unqualifiedArn: qaArn('orders'), version: '2' },
      eventSourceMappings: [{ uuid: '6f5e4d3c-2b1a-4098-8765-43210fedcba9' }],
      logGroupName: '/aws/lambda/orders',
    });
    expect(JSON.stringify(live.resourcePolicy)).toContain('"Principal":"*"');
    const web = facts.functions.find((fn) => fn.arn === qaArn('orders:web'))!;
    expect(web.functionUrls).toEqual([expect.objectContaining({ authType: 'NONE', functionArn: qaArn('orders:web') })]);
    const orders = facts.functions.find((fn) => fn.arn === qaArn('orders'))!;
    // The alias's URL and mapping are the alias's, not $LATEST's.
    expect(orders.functionUrls).toEqual([]);
    expect(orders.eventSourceMappings).toEqual([]);
    const beta = facts.functions.find((fn) => fn.arn === qaArn('orders:beta'))!;
    expect(beta.qualified?.additionalVersions).toEqual([{ version: '2', weight: 0.1, roleArn: `arn:aws:iam::${QA_ACCOUNT}:role/orders-admin` }]);
    expect(facts.functions.map((fn) => fn.name)).toEqual([
      'orders', 'quiet', 'orders:1', 'orders:2', 'orders:3', 'orders:beta', 'orders:hooks', 'orders:live', 'orders:web', 'quiet:1',
    ]);
  });

  it('reports a public alias, a confused-deputy alias and a public URL on an alias by their qualified ARNs', () => {
    const { findings } = audit('aliases');
    const on = (checkId: string) => findings.filter((f) => f.checkId === checkId).map((f) => f.resourceArn);
    expect(on('public-invoke')).toEqual([qaArn('orders:live')]);
    expect(on('confused-deputy')).toEqual([qaArn('orders:hooks')]);
    expect(on('public-function-url')).toEqual([qaArn('orders:web')]);
    const url = findings.find((f) => f.checkId === 'public-function-url')!;
    expect(url.functionArns).toEqual([qaArn('orders:web')]);
    // The fix acts on the alias, not on $LATEST.
    expect(url.remediation.cli).toContain('--function-name orders:web');
    const open = findings.find((f) => f.checkId === 'public-invoke')!;
    expect(open.remediation.cli).toContain('orders:live');
  });

  it('reports the admin role of a version behind an alias, with every alias and version it runs under', () => {
    const admin = audit('aliases').findings.find((f) => f.checkId === 'admin-access')!;
    expect(admin.resourceArn).toBe(`arn:aws:iam::${QA_ACCOUNT}:role/orders-admin`);
    // beta routes 10% to version 2, so it runs with the admin role too.
    expect([...admin.functionArns].sort()).toEqual([qaArn('orders:2'), qaArn('orders:beta'), qaArn('orders:live')]);
  });

  it('rolls the risk up over the function and its qualifiers, listing each under it', () => {
    const result = audit('aliases');
    const orders = result.functions.find((f) => f.functionArn === qaArn('orders'))!;
    expect(orders).toMatchObject({ exposure: 'public', rolePower: 'admin', worstCase: true, worstSeverity: 'critical' });
    const live = orders.qualifiers!.find((q) => q.qualifier === 'live')!;
    expect(live).toMatchObject({ qualifierKind: 'alias', version: '2', exposure: 'public', rolePower: 'admin', worstCase: true });
    expect(orders.riskScore).toBe(Math.max(...orders.qualifiers!.map((q) => q.riskScore)));
    expect(orders.qualifiers![0]!.qualifier).toBe('live');
    expect(result.functions.map((f) => f.functionArn)).toEqual([qaArn('orders'), qaArn('quiet')]);
    expect(result.summary).toMatchObject({ functionsEvaluated: 2, aliasesEvaluated: 4, versionsEvaluated: 2, qualifiers: 'aliases', worstCaseFunctions: 1 });
    // Worst-case alias findings sort first.
    expect(result.findings[0]!.functionArns).toContain(qaArn('orders:live'));
  });

  it('does not call aliases and versions of one function a shared execution role', () => {
    expect(audit('all').findings.filter((f) => f.checkId === 'shared-execution-role')).toEqual([]);
  });

  it('keeps to $LATEST with --qualifiers latest, and says so', () => {
    const result = audit('latest');
    expect(result.findings.filter((f) => f.door === 'resource-policy' && f.checkId !== 'evaluation-incomplete')).toEqual([]);
    expect(result.summary).toMatchObject({ qualifiers: 'latest', aliasesEvaluated: 0, versionsEvaluated: 0 });
    expect(result.functions.every((f) => f.qualifiers === undefined)).toBe(true);
  });

  it('adds fields to the JSON report, and groups qualifiers under their function in the table', () => {
    const result = audit('aliases');
    const json = JSON.parse(renderJson(result));
    expect(json.summary.qualifiers).toBe('aliases');
    expect(json.functions[0].qualifiers[0]).toMatchObject({ functionArn: qaArn('orders:live'), qualifier: 'live' });
    const table = renderTable(result, { color: false, width: 100 });
    expect(table).toContain('(--qualifiers aliases)');
    const block = table.slice(table.indexOf('[WORST CASE] orders'));
    expect(block).toMatch(/\[WORST CASE\] alias orders:live -> version 2: anyone can invoke it and its role has admin access/);
    expect(block.indexOf('alias orders:live')).toBeLessThan(block.indexOf('alias orders:web'));
    expect(table).not.toContain('Other findings');
    // Findings on aliases and versions count for their function once.
    expect(table).toMatch(/in 1 of 2 functions/);
  });
});
