/**
 * Hostile snapshots: the demo account or the complete fixture with fields replaced by values of
 * any type, entries deleted or duplicated, and files swapped for FIFOs, dangling links, links out of
 * the snapshot, directories, empty or truncated text. Every case must end in a report that accounts
 * for every named function, or in one clear error line, within the time bound.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/run.ts';
import type { JsonReport } from '../../shared/report/renderJson.ts';
import { captureIO } from '../cli/captureIO.ts';
import { CASE_TIME_BOUND_MS, CRASH, RAW_CONTROL, fuzzRuns } from './fuzzSettings.ts';
import { hostileJson } from './hostileValues.ts';
import { type Mutation, mutateJson } from './mutateJson.ts';

const SOURCES = { demo: 'examples/demo-account', complete: 'test/fixtures/snapshots/complete' } as const;
const HAZARDS = ['fifo', 'dangling-link', 'link-out', 'directory', 'empty', 'truncated', 'oversize'] as const;
const MAX_FILE_BYTES = 200_000;

/** Fields Keycard reads, so that most mutations hit what matters rather than a field nobody reads. */
const FIELDS = [
  'RoleName', 'Arn', 'Path', 'AssumeRolePolicyDocument', 'RolePolicyList', 'PolicyName', 'PolicyDocument', 'AttachedManagedPolicies',
  'PolicyArn', 'PermissionsBoundary', 'PermissionsBoundaryArn', 'Tags', 'Key', 'Value', 'Policies', 'PolicyVersionList', 'Document',
  'IsDefaultVersion', 'DefaultVersionId', 'Functions', 'FunctionName', 'FunctionArn', 'Role', 'Runtime', 'Environment', 'Variables',
  'KMSKeyArn', 'TracingConfig', 'Mode', 'VpcConfig', 'SubnetIds', 'SecurityGroupIds', 'DeadLetterConfig', 'TargetArn',
  'FileSystemConfigs', 'Layers', 'LoggingConfig', 'LogGroup', 'EventSourceMappings', 'UUID', 'EventSourceArn', 'State',
  'DestinationConfig', 'OnFailure', 'Destination', 'Policy', 'FunctionUrlConfigs', 'FunctionUrl', 'AuthType', 'Statement', 'Effect',
  'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Sid', 'Version',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace-field' as const), field: fc.constantFrom(...FIELDS), at: fc.nat(), value: hostileJson }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileJson }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }) },
);

const scenario = fc.record({
  source: fc.constantFrom(...(Object.keys(SOURCES) as (keyof typeof SOURCES)[])),
  /** Which snapshot file to break, by its position in the sorted list. */
  file: fc.nat(),
  change: fc.oneof(
    { weight: 4, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((list) => ({ kind: 'mutate' as const, list })) },
    { weight: 1, arbitrary: fc.constantFrom(...HAZARDS).map((hazard) => ({ kind: 'hazard' as const, hazard })) },
  ),
});

const root = await mkdtemp(join(tmpdir(), 'keycard-fuzz-'));
let caseNumber = 0;
let slowestMs = 0;
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  console.log(`fuzz: ${caseNumber} hostile snapshots, slowest audit ${Math.round(slowestMs)} ms`);
});

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

async function breakFile(dir: string, file: string, hazard: (typeof HAZARDS)[number]): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, 'utf8');
  await rm(path);
  switch (hazard) {
    case 'fifo':
      execFileSync('mkfifo', [path]);
      return;
    case 'dangling-link':
      return symlink(join(dir, 'no-such-file.json'), path);
    case 'link-out':
      return symlink('/dev/zero', path);
    case 'directory':
      return mkdir(path);
    case 'empty':
      return writeFile(path, '');
    case 'truncated':
      return writeFile(path, text.slice(0, Math.floor(text.length / 2)));
    case 'oversize':
      return writeFile(path, `${text}${' '.repeat(MAX_FILE_BYTES)}`);
  }
}

/** Function names the report must account for: every entry of lambda/functions.json that has one. */
async function namedFunctions(dir: string): Promise<string[]> {
  try {
    const json = JSON.parse(await readFile(join(dir, 'lambda/functions.json'), 'utf8')) as unknown;
    const pages = Array.isArray(json) ? json : [json];
    return pages.flatMap((page: { Functions?: unknown }) =>
      Array.isArray(page?.Functions) ? page.Functions.flatMap((fn: { FunctionName?: unknown }) => (typeof fn?.FunctionName === 'string' ? [fn.FunctionName] : [])) : [],
    );
  } catch {
    return [];
  }
}

describe('fuzz: hostile snapshots', () => {
  it('end in a complete report or one clear error line, in time', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ source, file, change }) => {
        const dir = join(root, `case-${caseNumber++}`);
        await cp(SOURCES[source], dir, { recursive: true });
        const files = await filesOf(dir);
        const target = files[file % files.length]!;
        if (change.kind === 'hazard') await breakFile(dir, target, change.hazard);
        else {
          let json = JSON.parse(await readFile(join(dir, target), 'utf8')) as unknown;
          for (const m of change.list) json = mutateJson(json, m);
          await writeFile(join(dir, target), JSON.stringify(json));
        }

        const io = captureIO({ env: { KEYCARD_MAX_FILE_BYTES: String(MAX_FILE_BYTES) } });
        const started = performance.now();
        const code = await run(['audit', '--snapshot', dir, '--format', 'json', '--min-severity', 'info'], io);
        const elapsed = performance.now() - started;
        slowestMs = Math.max(slowestMs, elapsed);

        expect(elapsed).toBeLessThan(CASE_TIME_BOUND_MS);
        if (code === 2) {
          expect(io.out).toBe('');
          expect(io.err.trimEnd().split('\n')).toHaveLength(1);
          expect(io.err).not.toMatch(CRASH);
          expect(io.err.trimEnd()).not.toMatch(RAW_CONTROL);
        } else {
          expect([0, 1]).toContain(code);
          expect(io.out).not.toMatch(RAW_CONTROL);
          const report = JSON.parse(io.out) as JsonReport;
          const reported = new Set(report.functions.map((fn) => fn.functionName));
          for (const name of await namedFunctions(dir)) expect(reported.has(name), `function ${JSON.stringify(name).slice(0, 80)} not accounted for`).toBe(true);
          expect(JSON.stringify(report.summary)).not.toMatch(/NaN|null/);
        }
        await rm(dir, { recursive: true, force: true });
      }),
      fuzzRuns(150),
    );
  });
});
