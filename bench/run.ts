/**
 * `npm run bench`: reads synthetic snapshots of 1,000 and 10,000 functions (3,000 roles, 500
 * customer policies) into facts, then evaluates them, and reports medians, the evaluate/read ratio
 * (target <= 1.0) and peak memory. Writes bench/out/results.json. Not part of `npm test`.
 * Run with `node --expose-gc --import tsx bench/run.ts` for steadier heap numbers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readAccountRecords } from '../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../shared/account/snapshot/SnapshotAccountReader.ts';
import { toAccountFacts } from '../shared/facts/toAccountFacts.ts';
import type { AccountFacts } from '../shared/facts/types.ts';
import { generateSnapshot } from './generateSnapshot.ts';
import type { SyntheticSnapshotSummary } from './generateSnapshot.ts';

type Evaluate = (facts: AccountFacts, options: { trustedAccountIds: string[] }) => { findings: unknown[] };

const SIZES = [1_000, 10_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface SizeResult {
  functions: number;
  snapshot: SyntheticSnapshotSummary;
  readMs: number[];
  evaluateMs: number[];
  readMedianMs: number;
  evaluateMedianMs?: number;
  ratio?: number;
  findings?: number;
  peakRssMb: number;
  heapAfterFactsMb: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

let peakRss = 0;
const sample = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

async function loadEvaluate(): Promise<Evaluate | string> {
  try {
    const mod = (await import('../shared/engine/evaluateAccount.ts')) as { evaluateAccount?: Evaluate };
    return mod.evaluateAccount ?? 'shared/engine/evaluateAccount.ts does not export evaluateAccount';
  } catch (error) {
    return `shared/engine/evaluateAccount.ts could not be loaded: ${(error as Error).message}`;
  }
}

async function readFacts(dir: string): Promise<AccountFacts> {
  const reader = new SnapshotAccountReader(dir);
  const records = await readAccountRecords(reader);
  sample();
  return toAccountFacts(await reader.identity(), records);
}

async function benchSize(functions: number, evaluate: Evaluate | undefined): Promise<SizeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'keycard-bench-'));
  try {
    const snapshot = await generateSnapshot(dir, { functions, roles: 3_000, customerPolicies: 500, seed: 42 });
    gc?.();
    peakRss = process.memoryUsage().rss;
    const readMs: number[] = [];
    const evaluateMs: number[] = [];
    let findings: number | undefined;
    let heapAfterFactsMb = 0;
    for (let run = 0; run < RUNS; run++) {
      let started = performance.now();
      const facts = await readFacts(dir);
      readMs.push(performance.now() - started);
      sample();
      gc?.();
      heapAfterFactsMb = Math.max(heapAfterFactsMb, mb(process.memoryUsage().heapUsed));
      if (evaluate) {
        started = performance.now();
        const result = evaluate(facts, { trustedAccountIds: [] });
        evaluateMs.push(performance.now() - started);
        findings = result.findings.length;
        sample();
      }
    }
    const readMedianMs = median(readMs);
    const evaluateMedianMs = evaluate ? median(evaluateMs) : undefined;
    return {
      functions,
      snapshot,
      readMs,
      evaluateMs,
      readMedianMs,
      ...(evaluateMedianMs !== undefined ? { evaluateMedianMs, ratio: evaluateMedianMs / readMedianMs } : {}),
      ...(findings !== undefined ? { findings } : {}),
      peakRssMb: mb(peakRss),
      heapAfterFactsMb,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const loaded = await loadEvaluate();
const evaluate = typeof loaded === 'string' ? undefined : loaded;
if (typeof loaded === 'string') console.warn(`evaluation not measured: ${loaded}`);

const results: SizeResult[] = [];
for (const size of SIZES) results.push(await benchSize(size, evaluate));

const fmt = (n: number | undefined, digits = 0): string => (n === undefined ? 'n/a' : n.toFixed(digits));
console.log(`keycard bench: median of ${RUNS} runs, node ${process.version}${gc ? ', --expose-gc' : ''}`);
console.log(['functions', 'snapshot MB', 'read+parse ms', 'evaluate ms', 'ratio', 'findings', 'peak RSS MB', 'heap MB'].join(' | '));
for (const r of results) {
  console.log(
    [
      r.functions,
      fmt(r.snapshot.bytes / 1024 / 1024, 1),
      fmt(r.readMedianMs),
      fmt(r.evaluateMedianMs),
      fmt(r.ratio, 2),
      r.findings ?? 'n/a',
      fmt(r.peakRssMb),
      fmt(r.heapAfterFactsMb),
    ].join(' | '),
  );
}
const outDir = join(import.meta.dirname, 'out');
await mkdir(outDir, { recursive: true });
await writeFile(
  join(outDir, 'results.json'),
  `${JSON.stringify({ node: process.version, runs: RUNS, exposeGc: gc !== undefined, processMaxRssMb: mb(process.resourceUsage().maxRSS * 1024), evaluateUnavailable: typeof loaded === 'string' ? loaded : undefined, results }, null, 2)}\n`,
);
const over = results.filter((r) => r.ratio !== undefined && r.ratio > 1);
if (over.length > 0) console.log(`ratio above 1.0 for ${over.map((r) => r.functions).join(', ')} functions`);
