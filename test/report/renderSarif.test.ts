import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/registry.ts';
import type { CheckMetadata } from '../../shared/checks/types.ts';
import { renderSarif } from '../../shared/report/renderSarif.ts';
import { auditDemoAccount } from '../examples/auditDemoAccount.ts';
import { loadSmallAuditResult } from './loadFixture.ts';

// The official SARIF 2.1.0 JSON schema (draft-04), as shipped by Microsoft's SARIF SDK on npm.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;

// unicodeRegExp off: the published schema's `language` pattern has a stray `]` that only /u rejects.
// The package is CommonJS; `.default` is the class both to TypeScript and at run time.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
const validate = ajv.compile(schema);

const metadataOf = (id: string, severity: CheckMetadata['severity'], door: CheckMetadata['door']): CheckMetadata => ({
  id,
  severity,
  door,
  title: `Title of ${id}`,
  rationale: `Why ${id} matters.`,
  remediation: { text: `Fix ${id}.`, cli: `aws fix ${id}` },
});

const RULES: CheckMetadata[] = [
  metadataOf('admin-access', 'critical', 'role'),
  metadataOf('public-invoke', 'critical', 'resource-policy'),
  metadataOf('missing-log-permissions', 'medium', 'role'),
  metadataOf('shared-execution-role', 'low', 'role'),
  metadataOf('evaluation-incomplete', 'info', 'resource-policy'),
];

function sarifOf(checks: readonly CheckMetadata[] = RULES): Log {
  return JSON.parse(renderSarif(loadSmallAuditResult(), { checks, toolVersion: '0.1.0' })) as Log;
}

describe('renderSarif', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const valid = validate(sarifOf());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has a validator that rejects what the schema forbids (so the checks above can fail)', () => {
    const log = sarifOf() as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('validates with the real check registry as rules', () => {
    const log = JSON.parse(renderSarif(loadSmallAuditResult())) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const ruleIds = log.runs[0]!.tool.driver.rules!.map((rule) => rule.id);
    for (const check of CHECKS) expect(ruleIds).toContain(check.metadata.id);
  });

  it('validates for the whole demo account, with a result per finding', async () => {
    const result = await auditDemoAccount();
    const log = JSON.parse(renderSarif(result)) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results).toHaveLength(result.findings.length);
  });

  it('is version 2.1.0 with one run by Keycard', () => {
    const log = sarifOf();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'Keycard', version: '0.1.0' });
  });

  it('describes one rule per check from its metadata', () => {
    const rules = sarifOf().runs[0]!.tool.driver.rules!;
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(rules[0]).toMatchObject({
      id: 'admin-access',
      name: 'AdminAccess',
      shortDescription: { text: 'Title of admin-access' },
      fullDescription: { text: 'Why admin-access matters.' },
      help: { text: 'Fix admin-access.\n\naws fix admin-access' },
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '9.5' },
    });
  });

  it.each([
    ['admin-access', 'error', '9.5'],
    ['missing-log-permissions', 'warning', '5.5'],
    ['shared-execution-role', 'note', '3.0'],
    ['evaluation-incomplete', 'note', '0.0'],
  ])('maps the severity of %s to level %s and security-severity %s', (id, level, securitySeverity) => {
    const rule = sarifOf().runs[0]!.tool.driver.rules!.find((r) => r.id === id)!;
    expect(rule.defaultConfiguration?.level).toBe(level);
    expect(rule.properties?.['security-severity']).toBe(securitySeverity);
  });

  it('gives each result its rule, level, message and the ARNs as logical locations', () => {
    const run = sarifOf().runs[0]!;
    expect(run.results).toHaveLength(5);
    const shared = run.results!.find((r) => r.ruleId === 'shared-execution-role')!;
    expect(run.tool.driver.rules![shared.ruleIndex!]!.id).toBe('shared-execution-role');
    expect(shared.level).toBe('note');
    expect(shared.message.text).toBe('One execution role serves several functions. etl-shared-role serves 2 functions.');
    expect(shared.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'aws/111122223333/global/iam/role/etl-shared-role' }, region: { startLine: 1 } },
        logicalLocations: [
          { fullyQualifiedName: 'arn:aws:iam::111122223333:role/etl-shared-role', name: 'etl-shared-role', kind: 'resource' },
          { fullyQualifiedName: 'arn:aws:lambda:us-east-1:111122223333:function:etl-extract', name: 'etl-extract', kind: 'resource' },
          { fullyQualifiedName: 'arn:aws:lambda:us-east-1:111122223333:function:etl-load', name: 'etl-load', kind: 'resource' },
        ],
      },
    ]);
  });

  it("meets GitHub code scanning's upload rule: every result has a repository-relative file location", async () => {
    const results = JSON.parse(renderSarif(await auditDemoAccount())).runs[0].results as Log['runs'][number]['results'];
    expect(results!.length).toBeGreaterThan(10);
    const uris = new Set<string>();
    for (const result of results!) {
      const physical = result.locations?.[0]?.physicalLocation;
      expect(physical?.artifactLocation?.uri, result.ruleId).toMatch(/^aws\/\d{12}\/(global|[a-z]{2}(-[a-z]+)+-\d)\/(iam|lambda)\/[^\s]+$/);
      expect(physical?.region?.startLine).toBeGreaterThanOrEqual(1);
      uris.add(physical!.artifactLocation!.uri!);
    }
    // One path per role or function: stable across runs, distinct between resources.
    expect(uris).toContain('aws/111122223333/us-east-1/lambda/function/ops-runbook-runner');
    expect(uris).toContain('aws/111122223333/global/iam/role/ops-runbook-runner-role');
  });

  it('does not repeat the resource ARN when the finding is on the function itself', () => {
    const result = sarifOf().runs[0]!.results!.find((r) => r.ruleId === 'public-invoke')!;
    expect(result.locations![0]!.logicalLocations).toHaveLength(1);
  });

  it('gives stable, distinct fingerprints', () => {
    const first = sarifOf().runs[0]!.results!.map((r) => r.partialFingerprints!['keycardFinding/v1']);
    const second = sarifOf().runs[0]!.results!.map((r) => r.partialFingerprints!['keycardFinding/v1']);
    expect(first).toEqual(second);
    expect(new Set(first).size).toBe(first.length);
  });

  it('adds a rule for a finding whose check is not in the given metadata, rather than dropping it', () => {
    const log = sarifOf(RULES.filter((rule) => rule.id !== 'public-invoke'));
    const run = log.runs[0]!;
    const result = run.results!.find((r) => r.ruleId === 'public-invoke')!;
    expect(run.tool.driver.rules![result.ruleIndex!]).toMatchObject({ id: 'public-invoke', shortDescription: { text: 'Anyone may invoke the function' } });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });
});
