import { describe, expect, it } from 'vitest';
import { AlertRenderError } from '../../shared/alerts/errors.ts';
import { renderDigest } from '../../shared/alerts/renderDigest.ts';
import type { Finding } from '../../shared/checks/types.ts';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';
import { FINDINGS, finding } from './loadFixtures.ts';

function audit(findings: Finding[]): AuditResult {
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const byCheck: Record<string, number> = {};
  for (const f of findings) {
    bySeverity[f.severity] += 1;
    byCheck[f.checkId] = (byCheck[f.checkId] ?? 0) + 1;
  }
  return {
    findings,
    functions: [],
    summary: { accountId: '111122223333', region: 'eu-west-1', functionsEvaluated: 412, rolesEvaluated: 380, findings: findings.length, bySeverity, byCheck, worstCaseFunctions: 1 },
  };
}

const many = [
  ...FINDINGS,
  ...Array.from({ length: 34 }, (_, i) => ({ ...finding('missing-log-permissions'), resourceArn: `arn:aws:lambda:eu-west-1:111122223333:function:fn-${i}` })),
];
const digest = renderDigest(audit(many), { auditFunctionName: 'keycard-AuditFunction-8XyZ', generatedAt: new Date('2026-11-29T06:00:00Z') });

describe('renderDigest', () => {
  it('has a short subject with the totals and the two worst severities', () => {
    expect(digest.subject).toBe('[Keycard] Audit 111122223333 eu-west-1: 37 findings (2 critical, 35 medium)');
    expect(digest.subject.length).toBeLessThan(100);
  });

  it('counts by severity and by check, most frequent check first', () => {
    expect(digest.text).toContain('By severity\n  critical       2\n  medium        35\n');
    expect(digest.text).toMatch(/By check\n  missing-log-permissions\s+35\n  admin-access\s+1\n  public-invoke\s+1\n/);
  });

  it('lists only the worst 10, in the audit order, with the fix command', () => {
    const listed = digest.text.match(/^\s+\d+\. /gm) ?? [];
    expect(listed).toHaveLength(10);
    expect(digest.text).toContain('Worst findings (10 of 37)');
    expect(digest.text).toContain('  1. CRITICAL public-invoke on function orders-webhook');
    expect(digest.text).toContain('  2. CRITICAL admin-access on role order-processor-role (2 functions)');
    expect(digest.text).toContain('     Fix: aws lambda remove-permission --region us-east-1 --function-name orders-webhook --statement-id public');
  });

  it('says how to get the full report and how to re-run the audit', () => {
    expect(digest.text).toContain('AWS_REGION=eu-west-1 keycard audit --live --format json --output keycard-report.json');
    expect(digest.text).toContain("aws lambda invoke --region eu-west-1 --function-name keycard-AuditFunction-8XyZ --invocation-type Event --cli-binary-format raw-in-base64-out --payload '{}' /dev/null");
  });

  it('renders JSON and attributes for machines and filter policies', () => {
    const json = JSON.parse(digest.json);
    expect(json).toMatchObject({ schema: 'keycard.digest/v1', kind: 'digest', generatedAt: '2026-11-29T06:00:00.000Z', summary: { findings: 37 } });
    expect(json.worstFindings).toHaveLength(10);
    expect(digest.messageAttributes['severity']?.StringValue).toBe('critical');
    expect(digest.messageAttributes['kind']?.StringValue).toBe('digest');
    expect(JSON.parse(digest.messageAttributes['checkId']?.StringValue ?? '[]')).toEqual(['admin-access', 'missing-log-permissions', 'public-invoke']);
  });

  it('lists in its checkId attribute every check id its body reports, also those beyond the worst listed', () => {
    const low = (checkId: string, i: number): Finding => ({
      ...finding('missing-log-permissions'),
      checkId,
      severity: checkId === 'evaluation-incomplete' ? 'medium' : 'low',
      resourceArn: `arn:aws:lambda:eu-west-1:111122223333:function:low-${i}`,
    });
    const result = audit([...many, low('wildcard-permissions', 1), low('evaluation-incomplete', 2)]);
    // A chunked audit hands the digest only its worst findings; the counts cover everything.
    const rendered = renderDigest({ ...result, findings: result.findings.slice(0, 10) });
    const bodyIds = [...rendered.text.split('By check\n')[1]!.split('\n\n')[0]!.matchAll(/^ {2}(\S+)\s+\d+$/gm)].map((m) => m[1]).sort();
    expect(bodyIds).toContain('wildcard-permissions');
    expect(bodyIds).toContain('evaluation-incomplete');
    expect(JSON.parse(rendered.messageAttributes['checkId']?.StringValue ?? '[]')).toEqual(bodyIds);
  });

  it('says which qualifiers were read; the full-report command repeats a mode other than the CLI default', () => {
    const result = audit(many);
    const latest = renderDigest({ ...result, summary: { ...result.summary, qualifiers: 'latest', aliasesEvaluated: 0, versionsEvaluated: 0 } });
    expect(latest.text.replace(/\s+/g, ' ')).toContain('Qualifiers: latest ($LATEST only): permissions on aliases and the roles of published versions were not judged.');
    expect(latest.text).toContain('keycard audit --live --qualifiers latest --format json');
    const all = renderDigest({ ...result, summary: { ...result.summary, qualifiers: 'all', aliasesEvaluated: 3, versionsEvaluated: 7 } });
    expect(all.text.replace(/\s+/g, ' ')).toContain('Qualifiers: all (every alias and every published version): 3 aliases and 7 published versions judged');
    const aliases = renderDigest({ ...result, summary: { ...result.summary, qualifiers: 'aliases', aliasesEvaluated: 1, versionsEvaluated: 1 } });
    expect(aliases.text).toContain('AWS_REGION=eu-west-1 keycard audit --live --format json');
    expect(digest.text).not.toContain('Qualifiers:');
  });

  it('across regions: names them, counts each, and invokes the audit in its own region', () => {
    const result = audit(many);
    const regions = {
      'eu-west-1': { functionsEvaluated: 400, findings: 36, worstCaseFunctions: 1 },
      'us-east-1': { functionsEvaluated: 12, findings: 1, worstCaseFunctions: 0 },
    };
    const rendered = renderDigest(
      { ...result, summary: { ...result.summary, region: 'eu-west-1,us-east-1', regions } },
      { auditFunctionName: 'keycard-AuditFunction-8XyZ', auditRegion: 'us-east-1' },
    );
    expect(rendered.text).toContain('in 2 regions (eu-west-1, us-east-1)');
    expect(rendered.text).toMatch(/By region \(functions, findings, worst case\)\n {2}eu-west-1 +400 +36 +1\n {2}us-east-1 +12 +1 +0\n/);
    expect(rendered.text).toContain('AWS_REGION=us-east-1 keycard audit --live --regions eu-west-1,us-east-1 --format json');
    expect(rendered.text).toContain('aws lambda invoke --region us-east-1 --function-name keycard-AuditFunction-8XyZ');
  });

  it('refuses an audit without findings: nothing is sent', () => {
    expect(() => renderDigest(audit([]))).toThrow(AlertRenderError);
  });
});

describe('renderDigest: uncovered regions at the top (no-management-events-trail)', () => {
  const trailIn = (region: string, severity: Finding['severity'] = 'high'): Finding => ({
    checkId: 'no-management-events-trail',
    severity,
    door: 'resource-policy',
    resourceArn: 'arn:aws:iam::111122223333:root',
    functionArns: [],
    title: `No CloudTrail trail delivers management events in ${region}`,
    detail: `Account 111122223333 in ${region}: no trail covers the region.`,
    evidence: [],
    remediation: { text: 'Create a trail.', cli: `aws cloudtrail describe-trails --include-shadow-trails --region ${region}` },
    region,
  });
  const topOf = (result: AuditResult) => (renderDigest(result).text.split('\n\n')[1] ?? '').replace(/\s+/g, ' ');

  it('names the one uncovered region with its finding', () => {
    expect(topOf(audit([trailIn('eu-west-1')]))).toBe(
      'WARNING: No CloudTrail trail delivers management events in eu-west-1; change alerts from there may not arrive, only audits are sure to run (no-management-events-trail). Account 111122223333 in eu-west-1: no trail covers the region.',
    );
  });

  it('names every uncovered region, and counts those the kept findings no longer hold', () => {
    const result = audit([trailIn('eu-west-1'), trailIn('ap-southeast-2', 'medium'), trailIn('us-east-1')]);
    expect(topOf(result)).toMatch(/^WARNING: 3 watched regions have no CloudTrail trail known to deliver management events \(eu-west-1, ap-southeast-2, us-east-1\); /);
    // A chunked audit keeps only its worst findings: two of three kept.
    const kept = { ...result, findings: result.findings.slice(0, 2) };
    expect(topOf(kept)).toContain('(eu-west-1, ap-southeast-2 and 1 more, named in the full report)');
  });
});
