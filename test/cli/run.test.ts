import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliDeps, CountingAccountReader } from '../../cli/CliDeps.ts';
import { run } from '../../cli/run.ts';
import { SnapshotWriteError } from '../../shared/account/errors.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { captureIO } from './captureIO.ts';

const DEMO = 'examples/demo-account';
const CLEAN = 'test/cli/fixtures/clean-account';
const MALFORMED = 'test/cli/fixtures/malformed-functions';
const WRONG_SHAPE = 'test/cli/fixtures/wrong-shape-functions';
const ANSI = /\u001b\[\d+m/;
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keycard-cli-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Deps whose "live" account is a snapshot, so live paths run without AWS. */
function fakeDeps(snapshotDir = DEMO) {
  const calls: { createLiveReader: unknown[]; writeSnapshot: string[] } = { createLiveReader: [], writeSnapshot: [] };
  const deps: CliDeps = {
    async createLiveReader(options) {
      calls.createLiveReader.push(options);
      const reader = new SnapshotAccountReader(snapshotDir) as CountingAccountReader;
      reader.callCounts = () => ({ GetPolicy: 15, ListFunctions: 1, GetAccountAuthorizationDetails: 1 });
      reader.callStats = () => ({ retries: 4, throttles: 3 });
      return reader;
    },
    async writeSnapshot(_reader, dir) {
      calls.writeSnapshot.push(dir);
      return { files: 7 };
    },
  };
  return { deps, calls };
}

describe('run: exit codes', () => {
  it.each([
    ['findings at the default threshold', ['audit', '--snapshot', DEMO], 1],
    ['findings at or above critical', ['audit', '--snapshot', DEMO, '--min-severity', 'critical'], 1],
    ['a clean account', ['audit', '--snapshot', CLEAN], 0],
    ['a clean account in json', ['audit', '--snapshot', CLEAN, '--format', 'json'], 0],
    ['help', ['--help'], 0],
    ['audit help', ['audit', '--help'], 0],
    ['snapshot help', ['snapshot', '--help'], 0],
    ['version', ['--version'], 0],
    ['no command', [], 2],
    ['an unknown command', ['scan'], 2],
    ['an unknown flag', ['audit', '--snapshot', DEMO, '--verbose'], 2],
    ['a bad format', ['audit', '--snapshot', DEMO, '--format', 'html'], 2],
    ['a bad severity', ['audit', '--snapshot', DEMO, '--min-severity', 'urgent'], 2],
    ['a bad account id', ['audit', '--snapshot', DEMO, '--trusted-accounts', '1234'], 2],
    ['both sources', ['audit', '--snapshot', DEMO, '--live'], 2],
    ['no source', ['audit'], 2],
    ['a missing snapshot directory', ['audit', '--snapshot', 'test/cli/fixtures/does-not-exist'], 2],
    ['a file given as snapshot directory', ['audit', '--snapshot', 'package.json'], 2],
    ['a malformed functions.json', ['audit', '--snapshot', MALFORMED], 2],
    ['a functions.json of the wrong shape', ['audit', '--snapshot', WRONG_SHAPE], 2],
  ])('%s -> %i', async (_name, argv, code) => {
    const io = captureIO();
    expect(await run(argv, io, fakeDeps().deps)).toBe(code);
    if (code === 2 && argv.length > 0) {
      // One clear line on stderr, nothing on stdout.
      expect(io.err.trimEnd().split('\n')).toHaveLength(1);
      expect(io.err).toMatch(/^keycard/);
      expect(io.out).toBe('');
    }
  });
});

describe('run: errors name the file or flag', () => {
  it.each([
    [['audit', '--snapshot', MALFORMED], `keycard: ${MALFORMED}/lambda/functions.json: expected the JSON output of \`aws lambda list-functions\``, /not valid JSON/],
    [['audit', '--snapshot', WRONG_SHAPE], `keycard: ${WRONG_SHAPE}/lambda/functions.json: expected`, /Functions array/],
    [['audit', '--snapshot', 'nowhere'], 'keycard: --snapshot nowhere: no such directory', /iam\/authorization-details\.json/],
    [['audit', '--snapshot', DEMO, '--verbose'], 'keycard audit: unknown option --verbose', /see 'keycard audit --help'/],
    [['audit', '--snapshot', DEMO, '--trusted-accounts', '12,444455556666'], "keycard audit: --trusted-accounts '12' is not a 12-digit AWS account id", /111122223333/],
    [['audit', '--snapshot', DEMO, '--output', join('no-such-dir', 'x', 'report.json')], 'keycard: --output no-such-dir', /cannot write the report \(ENOENT\)/],
    [['lint'], "keycard: unknown command 'lint'; expected audit, snapshot or scan", /see 'keycard --help'/],
  ])('%j', async (argv, start, rest) => {
    const io = captureIO();
    expect(await run(argv, io, fakeDeps().deps)).toBe(2);
    expect(io.err.startsWith(start)).toBe(true);
    expect(io.err).toMatch(rest);
  });
});

describe('run: output', () => {
  it('prints the table without colours when stdout is not a terminal', async () => {
    const io = captureIO({ isTTY: false });
    await run(['audit', '--snapshot', DEMO], io);
    expect(io.out).toContain('[WORST CASE] ops-runbook-runner');
    expect(ANSI.test(io.out)).toBe(false);
  });

  it.each([
    [{ isTTY: true, env: {} }, true],
    [{ isTTY: true, env: { NO_COLOR: '1' } }, false],
    [{ isTTY: false, env: { FORCE_COLOR: '1' } }, true],
    [{ isTTY: false, env: { FORCE_COLOR: '0' } }, false],
  ])('colours the table for %j: %s', async (options, coloured) => {
    const io = captureIO(options);
    await run(['audit', '--snapshot', DEMO], io);
    expect(ANSI.test(io.out)).toBe(coloured);
  });

  it.each(['table', 'json', 'sarif'])('--output writes the %s report to the file, not stdout', async (format) => {
    const file = join(tempDir(), `report.${format}`);
    const io = captureIO({ isTTY: true });
    expect(await run(['audit', '--snapshot', DEMO, '--format', format, '--output', file], io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toContain(`wrote ${format} report`);
    const written = readFileSync(file, 'utf8');
    expect(ANSI.test(written)).toBe(false);
    if (format === 'table') expect(written).toContain('Summary:');
    else expect(JSON.parse(written)).toBeTypeOf('object');
  });

  it('writes JSON findings with exactly the contract keys', async () => {
    const io = captureIO();
    await run(['audit', '--snapshot', DEMO, '--format', 'json'], io);
    const json = JSON.parse(io.out) as { findings: Record<string, unknown>[] };
    expect(json.findings.length).toBeGreaterThan(0);
    for (const finding of json.findings) {
      expect(Object.keys(finding)).toEqual(['checkId', 'severity', 'resourceArn', 'functionArns', 'title', 'detail', 'evidence', 'remediation', 'door']);
    }
  });

  it('reports only findings at or above --min-severity, and says how many it left out', async () => {
    const all = captureIO();
    await run(['audit', '--snapshot', DEMO, '--format', 'json', '--min-severity', 'info'], all);
    const critical = captureIO();
    await run(['audit', '--snapshot', DEMO, '--format', 'json', '--min-severity', 'critical'], critical);
    const allFindings = (JSON.parse(all.out) as { findings: { severity: string }[] }).findings;
    const criticalFindings = (JSON.parse(critical.out) as { findings: { severity: string }[] }).findings;
    expect(criticalFindings.every((f) => f.severity === 'critical')).toBe(true);
    expect(criticalFindings.length).toBe(allFindings.filter((f) => f.severity === 'critical').length);
    expect(critical.err).toContain(`${allFindings.length - criticalFindings.length} findings below --min-severity critical not reported`);
    expect(all.err).toBe('');
  });

  it('names hidden evaluation-incomplete findings, which mean other findings may be missing', async () => {
    const io = captureIO();
    await run(['audit', '--snapshot', DEMO], io);
    expect(io.err.replace(/\n {2}/g, ' ')).toMatch(/^keycard: \d+ findings? below --min-severity low not reported, including \d+ evaluation-incomplete \(part of the account could not be read or judged\); use --min-severity info to see all\n$/);
    for (const line of io.err.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('passes --trusted-accounts to the checks', async () => {
    const untrusted = captureIO();
    await run(['audit', '--snapshot', DEMO, '--format', 'json'], untrusted);
    const trusted = captureIO();
    await run(['audit', '--snapshot', DEMO, '--format', 'json', '--trusted-accounts', '444455556666'], trusted);
    const ids = (out: string) => (JSON.parse(out) as { findings: { checkId: string; functionArns: string[] }[] }).findings
      .filter((f) => f.checkId === 'cross-account-invoke')
      .map((f) => f.functionArns.join());
    expect(ids(untrusted.out)).toContain('arn:aws:lambda:us-east-1:111122223333:function:payments-webhook');
    expect(ids(trusted.out)).not.toContain('arn:aws:lambda:us-east-1:111122223333:function:payments-webhook');
  });

  it('prints the version from package.json', async () => {
    const io = captureIO();
    await run(['--version'], io);
    expect(io.out).toBe(`${VERSION}\n`);
  });

  it.each([
    [['--help'], 'keycard audit --snapshot DIR'],
    [['audit', '--help'], '--trusted-accounts IDS'],
    [['snapshot', '--help'], 'keycard snapshot --out DIR'],
  ])('%j prints usage to stdout', async (argv, text) => {
    const io = captureIO();
    await run(argv, io);
    expect(io.out).toContain(text);
    expect(io.err).toBe('');
  });
});

describe('run: live account', () => {
  it('audits through the live reader with --region and --api-rate, and reports its API calls', async () => {
    const { deps, calls } = fakeDeps();
    const io = captureIO();
    expect(await run(['audit', '--live', '--region', 'eu-west-1', '--api-rate', '5'], io, deps)).toBe(1);
    expect(calls.createLiveReader).toEqual([{ region: 'eu-west-1', lambdaRate: 5 }]);
    expect(io.out).toContain('[WORST CASE] ops-runbook-runner');
    expect(io.err).toContain('keycard: 17 AWS API calls (GetAccountAuthorizationDetails 1, GetPolicy 15, ListFunctions 1); 4 retries, 3 throttled\n');
  });

  it('turns a failure to reach AWS into exit 2 with the error named', async () => {
    const deps: CliDeps = {
      createLiveReader: async () => {
        const error = new Error('Could not load credentials from any providers');
        error.name = 'CredentialsProviderError';
        throw error;
      },
      writeSnapshot: async () => ({ files: 0 }),
    };
    const io = captureIO();
    expect(await run(['audit', '--live'], io, deps)).toBe(2);
    expect(io.err).toBe('keycard: CredentialsProviderError: Could not load credentials from any providers\n');
  });
});

describe('run: snapshot', () => {
  it('writes a snapshot of the live account into a new directory', async () => {
    const { deps, calls } = fakeDeps();
    const out = join(tempDir(), 'snap');
    const io = captureIO();
    expect(await run(['snapshot', '--out', out, '--region', 'us-east-1'], io, deps)).toBe(0);
    expect(calls.createLiveReader).toEqual([{ region: 'us-east-1' }]);
    expect(calls.writeSnapshot).toEqual([out]);
    expect(io.err).toContain(`wrote 7 files for account 111122223333 (us-east-1) to ${out}`);
    expect(io.err).toContain(`keycard audit --snapshot ${out}`);
  });

  it('reports a snapshot that cannot be written with the directory named, exit 2', async () => {
    const deps: CliDeps = {
      ...fakeDeps().deps,
      writeSnapshot: async (_reader, dir) => {
        throw new SnapshotWriteError(dir, 'is not empty and does not look like a Keycard snapshot (found notes.txt); choose a new or empty directory, nothing was overwritten');
      },
    };
    const io = captureIO();
    expect(await run(['snapshot', '--out', 'somewhere'], io, deps)).toBe(2);
    expect(io.err).toBe('keycard: --out somewhere: is not empty and does not look like a Keycard snapshot (found notes.txt); choose a new or empty directory, nothing was overwritten\n');
  });

  it('needs --out', async () => {
    const io = captureIO();
    expect(await run(['snapshot'], io, fakeDeps().deps)).toBe(2);
    expect(io.err).toMatch(/^keycard snapshot: missing --out DIR/);
  });
});
