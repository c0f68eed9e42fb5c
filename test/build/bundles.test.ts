import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions, esbuildOptionsFromBuildProperties, type BuiltFunction } from '../../scripts/build.ts';
import { loadTemplate } from '../template/loadTemplate.ts';
import { IntrinsicResolver } from '../template/resolveIntrinsics.ts';
import { samFunctionProperties } from '../template/samFunctionProperties.ts';

const run = promisify(execFile);
/** Fresh processes per bundle; 1 keeps the test fast, KEYCARD_BUNDLE_RUNS=5 gives steadier medians. */
const RUNS = Number(process.env.KEYCARD_BUNDLE_RUNS ?? 1);
/** Imports the bundle in a fresh process, as Lambda's runtime does at cold start, and times it. */
const LOADER = `
const started = performance.now();
const module = await import(process.env.KEYCARD_BUNDLE_URL);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ handler: typeof module.handler, ms }));
`;

const template = loadTemplate();
const resolver = new IntrinsicResolver(template);
let outRoot: string;
let built: BuiltFunction[];
let hello: BuiltFunction;

/** The environment Lambda would give the function: the template's (resolved) plus the runtime's own. */
function lambdaEnvironment(logicalId: string): Record<string, string> {
  const props = resolver.resolve(samFunctionProperties(template, logicalId)) as { Environment?: { Variables?: Record<string, unknown> } };
  const variables = Object.fromEntries(Object.entries(props.Environment?.Variables ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    PATH: process.env.PATH ?? '',
    ...variables,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: resolver.physicalName(logicalId),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function load(bundle: BuiltFunction, env: Record<string, string>): Promise<{ handler: string; ms: number }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', LOADER], {
    env: { ...env, KEYCARD_BUNDLE_URL: pathToFileURL(bundle.bundlePath).href },
    timeout: 10_000,
  });
  return JSON.parse(stdout) as { handler: string; ms: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'keycard-build-'));
  built = await buildFunctions(outRoot);
  // A hello-world handler built with the same BuildProperties, as the baseline.
  const properties = template.Resources.OnRoleChangeFunction!.Metadata!.BuildProperties as Record<string, unknown>;
  const entry = join(outRoot, 'hello-src', 'index.ts');
  await mkdir(join(outRoot, 'hello-src'));
  await writeFile(entry, "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n");
  const result = await build(esbuildOptionsFromBuildProperties(properties, [entry], join(outRoot, 'hello')));
  const [file, output] = Object.entries(result.metafile!.outputs).find(([f]) => !f.endsWith('.map'))!;
  hello = { logicalId: 'HelloWorld', name: 'hello-world', entryPoint: entry, bundlePath: join(process.cwd(), file), bytes: output.bytes };
}, 60_000);

afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

describe('npm run build bundles', () => {
  it('builds one ESM bundle per function in template.yaml', () => {
    expect(built.map((b) => [b.logicalId, b.name, b.entryPoint]).sort()).toEqual([
      ['AuditFunction', 'audit', 'functions/audit/index.ts'],
      ['OnFunctionChangeFunction', 'on-function-change', 'functions/on-function-change/index.ts'],
      ['OnRoleChangeFunction', 'on-role-change', 'functions/on-role-change/index.ts'],
    ]);
    for (const bundle of built) expect(bundle.bundlePath).toMatch(/\/index\.mjs$/);
  });

  it('loads each bundle in a fresh node process with a callable handler (and reports size and load time)', async () => {
    const baselineRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) baselineRuns.push((await load(hello, lambdaEnvironment('OnRoleChangeFunction'))).ms);
    const baseline = median(baselineRuns);
    const rows = [`${'bundle'.padEnd(20)} ${'KiB'.padStart(7)} ${'x size'.padStart(8)} ${'load ms'.padStart(8)} ${'x load'.padStart(7)}`];
    rows.push(`${hello.name.padEnd(20)} ${(hello.bytes / 1024).toFixed(1).padStart(7)} ${'1'.padStart(8)} ${baseline.toFixed(1).padStart(8)} ${'1'.padStart(7)}`);
    for (const bundle of built) {
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const loaded = await load(bundle, lambdaEnvironment(bundle.logicalId));
        expect(loaded.handler, bundle.name).toBe('function');
        runs.push(loaded.ms);
      }
      const ms = median(runs);
      rows.push(
        `${bundle.name.padEnd(20)} ${(bundle.bytes / 1024).toFixed(1).padStart(7)} ${(bundle.bytes / hello.bytes).toFixed(0).padStart(8)} ${ms.toFixed(1).padStart(8)} ${(ms / baseline).toFixed(1).padStart(7)}`,
      );
    }
    console.log(`Bundle size and module load time (median of ${RUNS} fresh processes, NODE_OPTIONS from template):\n${rows.join('\n')}`);
  }, 60_000);
});
