/**
 * `npx tsx bench/organization.ts`: the call and time budget of `keycard audit --live --org`, through
 * the REAL CLI (`run()`, default deps: STS AssumeRole, one set of clients and one Lambda rate limiter
 * per account) against a mocked organization (test/support/mockOrganization.ts: every call answered
 * as the account whose credentials signed it, services' page sizes). Writes bench/out/organization.json.
 *
 * 1. Calls: ORG_ACCOUNTS (100) accounts x ORG_FUNCTIONS (200) functions, no latency and no rate limit
 *    (the limiter's budget raised to Infinity), counting every call by account: the exact budget, the
 *    time of evaluating and merging 20,000 functions, and the peak heap (sampled; it includes the
 *    mocks' record of every call, so it is an upper bound).
 * 2. Time: ORG_TIMED_ACCOUNTS (8) accounts x 200 functions with ORG_LATENCY_MS (30) per call and the
 *    CLI's default rate (10 Lambda calls/s per account), at --account-concurrency 4: measured wall
 *    time; the time for 100 accounts is projected from it (rounds of `concurrency` accounts), and
 *    said to be a projection.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultCliDeps } from '../cli/CliDeps.ts';
import type { CliDeps } from '../cli/CliDeps.ts';
import { run } from '../cli/run.ts';
import { CALLER_ACCOUNT, CALLER_KEY, createOrganizationMock } from '../test/support/mockOrganization.ts';
import type { MockMember } from '../test/support/mockOrganization.ts';

const ACCOUNTS = Number(process.env.ORG_ACCOUNTS ?? 100);
const FUNCTIONS = Number(process.env.ORG_FUNCTIONS ?? 200);
const TIMED_ACCOUNTS = Number(process.env.ORG_TIMED_ACCOUNTS ?? 8);
const LATENCY_MS = Number(process.env.ORG_LATENCY_MS ?? 30);
const CONCURRENCY = 4;

process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = CALLER_KEY;
process.env.AWS_SECRET_ACCESS_KEY = 'bench';
delete process.env.AWS_SESSION_TOKEN;
delete process.env.AWS_PROFILE;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const organization = createOrganizationMock();
const members = (n: number): MockMember[] =>
  Array.from({ length: n }, (_, i) => ({ id: String(100000000000 + i), name: `account-${i}`, functions: FUNCTIONS, admin: i % 10 === 0, public: i % 10 === 0, urlPolicy: true }));

/** The CLI's own deps, the Lambda rate limit lifted: counting calls should not wait on a budget. */
const unlimited: CliDeps = { ...defaultCliDeps, createLiveReader: (options) => defaultCliDeps.createLiveReader({ ...options, lambdaRate: Number.POSITIVE_INFINITY }) };

interface Measured {
  accounts: number;
  functionsPerAccount: number;
  concurrency: number;
  latencyMs: number;
  lambdaRate: number | 'unlimited';
  exitCode: number;
  wallSeconds: number;
  heapMb: number;
  totalCalls: number;
  callerCalls: Record<string, number>;
  perAccount: Record<string, number>;
  perAccountTotal: number;
  findings: number;
}

async function measure(n: number, options: { latencyMs: number; deps?: CliDeps; concurrency: number }): Promise<Measured> {
  organization.serve({ members: members(n), latencyMs: options.latencyMs });
  const out: string[] = [];
  const io = { stdout: (t: string) => void out.push(t), stderr: () => undefined, isTTY: false, env: process.env };
  (globalThis as { gc?: () => void }).gc?.();
  // Peak heap, sampled while the run goes on (it includes the mocks' record of every call).
  let peak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  const started = performance.now();
  const exitCode = await run(['audit', '--live', '--org', '--format', 'json', '--quiet', '--account-concurrency', String(options.concurrency)], io, options.deps);
  const wallSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const heapMb = Math.max(peak, process.memoryUsage().heapUsed) / 2 ** 20;
  const count = (keep: (account: string) => boolean) => {
    const counts: Record<string, number> = {};
    for (const call of organization.calls) {
      const [account, action] = call.split(' ') as [string, string];
      if (keep(account)) counts[action] = (counts[action] ?? 0) + 1;
    }
    return counts;
  };
  const inMembers = count((a) => a !== CALLER_ACCOUNT);
  const perAccount = Object.fromEntries(Object.entries(inMembers).map(([action, c]) => [action, c / n]));
  const report = JSON.parse(out.join('')) as { findings: unknown[]; summary: { accounts: { status: string }[] } };
  const unread = report.summary.accounts.filter((a) => a.status !== 'audited').length;
  if (unread > 0) throw new Error(`bench: ${unread} accounts not audited`);
  return {
    accounts: n,
    functionsPerAccount: FUNCTIONS,
    concurrency: options.concurrency,
    latencyMs: options.latencyMs,
    lambdaRate: options.deps === undefined ? 10 : 'unlimited',
    exitCode,
    wallSeconds: Number(wallSeconds.toFixed(2)),
    heapMb: Math.round(heapMb),
    totalCalls: organization.calls.length,
    callerCalls: count((a) => a === CALLER_ACCOUNT),
    perAccount,
    perAccountTotal: Object.values(perAccount).reduce((a, b) => a + b, 0),
    findings: report.findings.length,
  };
}

const calls = await measure(ACCOUNTS, { latencyMs: 0, deps: unlimited, concurrency: CONCURRENCY });
const timed = await measure(TIMED_ACCOUNTS, { latencyMs: LATENCY_MS, concurrency: CONCURRENCY });
organization.restore();

const lambdaPerAccount = Object.entries(calls.perAccount).filter(([a]) => a.startsWith('lambda:')).reduce((s, [, c]) => s + c, 0);
const rounds = (accounts: number, concurrency: number) => Math.ceil(accounts / concurrency);
const perRound = timed.wallSeconds / rounds(TIMED_ACCOUNTS, CONCURRENCY);
const projection = Object.fromEntries([4, 8, 16, 32].map((c) => [c, Number((rounds(ACCOUNTS, c) * perRound).toFixed(0))]));

const line = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
console.log(`keycard audit --live --org: ${ACCOUNTS} accounts x ${FUNCTIONS} functions (mocked organization)\n`);
line('calls per member account', `${calls.perAccountTotal} (${Object.entries(calls.perAccount).map(([a, c]) => `${a} ${c}`).join(', ')})`);
line('  of them Lambda (rate-limited per account)', String(lambdaPerAccount));
line('calls in the calling account', `${Object.values(calls.callerCalls).reduce((a, b) => a + b, 0)} (${Object.entries(calls.callerCalls).map(([a, c]) => `${a} ${c}`).join(', ')})`);
line('total calls', String(calls.totalCalls));
line('CPU-bound run (no latency, no rate limit)', `${calls.wallSeconds} s, peak heap ${calls.heapMb} MB, ${calls.findings} findings, exit ${calls.exitCode}`);
line(`measured: ${TIMED_ACCOUNTS} accounts, ${LATENCY_MS} ms/call, 10/s, conc. ${CONCURRENCY}`, `${timed.wallSeconds} s (${perRound.toFixed(1)} s per round of ${CONCURRENCY} accounts; ${(lambdaPerAccount / 10).toFixed(1)} s is ${lambdaPerAccount} Lambda calls at 10/s)`);
line(`projected for ${ACCOUNTS} accounts (rounds x measured round)`, Object.entries(projection).map(([c, s]) => `--account-concurrency ${c}: ~${Math.round(s / 60)} min (${s} s)`).join('; '));

const outDir = join(import.meta.dirname, 'out');
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, 'organization.json'), `${JSON.stringify({ node: process.version, calls, timed, lambdaPerAccount, projectedSecondsByConcurrency: projection }, null, 2)}\n`);
console.log(`\nwrote ${join(outDir, 'organization.json')}`);
