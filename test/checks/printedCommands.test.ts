/**
 * Every command Keycard prints must be safe to paste, in order, as printed. This runs every rendered
 * fix of the demo account, of the test snapshots and of the check fixtures (each policy file as an
 * inline policy, a customer managed policy and a boundary; each trust file; each resource-policy
 * statement) through a shell parser (shell-quote) and these rules:
 * - only `aws` commands (and `sleep`), joined by `&&`, one per line, comments allowed; no pipe,
 *   redirection or background job (a `<Placeholder>` would be read as a redirection);
 * - no `<Placeholder>` text and no `file://` argument (documents are printed inline);
 * - every JSON argument is a policy document IAM would parse;
 * - every ARN an IAM or Lambda command names is in the account that was audited, is an AWS managed
 *   policy, or is created earlier in the same command (nothing invented);
 * - a role split creates the new role, gives it every policy of the shared role, waits for IAM, and
 *   only then switches the function;
 * - every `aws lambda` command carries `--region`, the region of the function it names (from the
 *   function's ARN): a name alone is ambiguous across regions, and the CLI's default region may be
 *   another. The demo account is also audited as two regions with the same function names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse, type ParseEntry } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import type { Finding } from '../../shared/checks/types.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import type { AccountFacts, FunctionFacts, RoleFacts } from '../../shared/facts/types.ts';
import { mergeRegionFacts } from '../../shared/facts/mergeRegionFacts.ts';
import { parseLambdaArn } from '../../shared/facts/parseLambdaArn.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import { parsePolicyDocument } from '../../shared/policy/index.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { boundary, customer, inline, makeContext, makeFunction, makeRole } from './fixtures/role/factories.ts';

interface Audited {
  label: string;
  account: AccountFacts;
  findings: Finding[];
}

const SNAPSHOTS = ['examples/demo-account', 'test/fixtures/snapshots/complete', 'test/cli/fixtures/clean-account'];

async function auditSnapshot(dir: string): Promise<Audited> {
  const reader = new SnapshotAccountReader(dir);
  const account = toAccountFacts(await reader.identity(), await readAccountRecords(reader));
  return { label: dir, account, findings: evaluateAccount(account, { trustedAccountIds: [] }).findings };
}

/** Every string in `value` (Maps and arrays included) with `from` replaced by `to`. */
function replaceDeep<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [replaceDeep(k, from, to), replaceDeep(v, from, to)])) as T;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to)) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, from, to)])) as T;
  return value;
}

/** The snapshot's account as two regions: its functions, and the same functions (same names) in eu-west-1. */
async function auditAsTwoRegions(dir: string): Promise<Audited> {
  const reader = new SnapshotAccountReader(dir);
  const identity = await reader.identity();
  const records = await readAccountRecords(reader);
  const other = identity.region === 'eu-west-1' ? 'ap-southeast-2' : 'eu-west-1';
  const moved = { ...records, functions: replaceDeep(records.functions, `:lambda:${identity.region}:`, `:lambda:${other}:`) };
  moved.resourcePolicies = replaceDeep(records.resourcePolicies, `:lambda:${identity.region}:`, `:lambda:${other}:`);
  moved.urlConfigs = replaceDeep(records.urlConfigs, `:lambda:${identity.region}:`, `:lambda:${other}:`);
  const account = mergeRegionFacts([toAccountFacts(identity, records), toAccountFacts({ ...identity, region: other }, moved)]);
  return { label: `${dir} in ${identity.region} and ${other}`, account, findings: evaluateAccount(account, { trustedAccountIds: [] }).findings };
}

function auditFacts(label: string, roles: RoleFacts[], functions: FunctionFacts[]): Audited {
  const { account } = makeContext(roles, functions);
  return { label, account, findings: evaluateAccount(account, { trustedAccountIds: [] }).findings };
}

const files = (dir: string): string[] =>
  readdirSync(new URL(`./fixtures/role/${dir}/`, import.meta.url)).filter((f) => /\.(json|txt)$/.test(f)).sort();

/** Every fixture of the check tests, each in a small account of two functions sharing one role. */
function fixtureAccounts(): Audited[] {
  const accounts: Audited[] = [];
  const withRole = (label: string, role: RoleFacts) => {
    const fns = [makeFunction(role), makeFunction(role, { name: 'orders-worker', deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:111122223333:orders-dlq' })];
    accounts.push(auditFacts(label, [role], fns));
  };
  for (const file of files('policies')) {
    withRole(`inline ${file}`, makeRole({ policies: [inline(file)] }));
    withRole(`customer ${file}`, makeRole({ policies: [customer(file)] }));
    withRole(`boundary ${file}`, makeRole({ policies: [inline('logs-own-group.json')], boundary: boundary(file) }));
  }
  for (const file of files('trust')) withRole(`trust ${file}`, makeRole({ trust: file }));
  const statements = JSON.parse(readFileSync(new URL('../review/fixtures/resource-statements.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  for (const [name, statement] of Object.entries(statements)) {
    const role = makeRole();
    const resourcePolicy = parsePolicyDocument({ Version: '2012-10-17', Statement: [statement] }, name);
    accounts.push(auditFacts(`resource statement ${name}`, [role], [makeFunction(role, { resourcePolicy })]));
  }
  return accounts;
}

/** The ARNs an audited account knows: its roles, their policies, its functions and their targets. */
function knownArns(account: AccountFacts): Set<string> {
  const arns = new Set<string>();
  const policy = (p: PolicySource | undefined) => p?.arn && arns.add(p.arn);
  for (const role of account.roles.values()) {
    arns.add(role.arn);
    role.policies.forEach(policy);
    policy(role.permissionsBoundary);
  }
  for (const fn of account.functions) arns.add(fn.arn).add(fn.roleArn);
  return arns;
}

type Word = string | { op?: string; comment?: string };

/** One command line's words, as a POSIX shell would split them (continuations joined first). */
function shellWords(line: string): Word[] {
  return parse(line).map((entry: ParseEntry) => (typeof entry === 'string' ? entry : (entry as Word)));
}

/** The regions a `--function-name` value can be in, from the ARNs of what the finding affects. */
function regionsOfFunction(finding: Finding, name: string): Set<string> {
  const named = parseLambdaArn(name);
  if (named !== undefined) return new Set([named.region]);
  const regions = new Set<string>();
  for (const arn of [finding.resourceArn, ...finding.functionArns]) {
    const parts = parseLambdaArn(arn);
    if (parts === undefined) continue;
    // `function:qualifier` names an alias or version of the function (a URL on an alias, say).
    if (name.split(':')[0] === parts.functionName) regions.add(parts.region);
  }
  return regions;
}

/** A Lambda command without --region, or with another region than its function's. */
function regionProblems(finding: Finding, argv: string[]): string[] {
  const valueOf = (flag: string) => {
    const at = argv.indexOf(flag);
    return at === -1 ? undefined : argv[at + 1];
  };
  const region = valueOf('--region');
  if (region === undefined) return [`no --region: ${argv.join(' ')}`];
  const name = valueOf('--function-name');
  if (name === undefined) return [];
  const expected = regionsOfFunction(finding, name);
  if (expected.size === 0) return [`--function-name ${name} is none of the functions the finding affects`];
  return expected.has(region) ? [] : [`--region ${region}, but ${name} is in ${[...expected].join(' or ')}`];
}

/** The rule violations of one finding's printed fix. */
function violations(finding: Finding, known: Set<string>): string[] {
  const problems: string[] = [];
  const text = finding.remediation.cli;
  if (/<[A-Za-z]+>/.test(text)) problems.push('a <Placeholder> is left');
  if (text.includes('file://')) problems.push('names a file the user must write first');
  const created = new Set<string>();
  // A continued line (` && \` + newline) is one command line for the shell.
  for (const line of text.replace(/ \\\n\s*/g, ' ').split('\n')) {
    const words = shellWords(line);
    const commands: string[][] = [[]];
    for (const word of words) {
      if (typeof word === 'string') commands.at(-1)!.push(word);
      else if (word.comment !== undefined) continue;
      else if (word.op === '&&') commands.push([]);
      else problems.push(`shell operator ${JSON.stringify(word.op)} in: ${line}`);
    }
    for (const argv of commands.filter((c) => c.length > 0)) {
      const [program, service, verb] = argv;
      if (program === 'sleep' && argv.length === 2 && /^\d+$/.test(service ?? '')) continue;
      if (program !== 'aws' || !service || !verb) {
        problems.push(`not an aws command: ${argv.join(' ')}`);
        continue;
      }
      if (service === 'lambda') problems.push(...regionProblems(finding, argv));
      argv.forEach((arg, i) => {
        const flag = argv[i - 1];
        if (flag === '--policy-document' || flag === '--assume-role-policy-document') {
          try {
            parsePolicyDocument(JSON.parse(arg), flag);
          } catch (error) {
            problems.push(`${flag} is not a policy document: ${String(error)}`);
          }
        }
        if (flag === '--role-name' && verb === 'create-role') created.add(arg);
      });
      for (const arg of argv) {
        if (!arg.startsWith('arn:')) continue;
        const role = /^arn:[^:]+:iam::\d{12}:role\/(.+)$/.exec(arg)?.[1];
        const ours = known.has(arg) || /^arn:[^:]+:iam::aws:policy\//.test(arg) || (role !== undefined && created.has(role));
        if (!ours) problems.push(`${arg} is not in the audited account`);
      }
    }
  }
  return problems;
}

/** A role split: create, every policy of the shared role, wait, then switch. */
function splitProblems(finding: Finding, account: AccountFacts): string[] {
  if (finding.checkId !== 'shared-execution-role') return [];
  const shared = account.roles.get(finding.resourceArn);
  if (!shared) return ['shared role not found'];
  const problems: string[] = [];
  for (const block of finding.remediation.cli.split(/\n(?=# )/)) {
    const steps = block.replace(/^#[^\n]*\n/, '').split(' && \\\n  ');
    const order = steps.map((s) => s.split(' ').slice(1, 3).join(' '));
    const create = order.indexOf('iam create-role');
    const wait = order.indexOf('iam wait');
    const update = order.indexOf('lambda update-function-configuration');
    if (!(create === 0 && wait > create && update > wait)) problems.push(`steps out of order: ${order.join(', ')}`);
    for (const p of shared.policies) {
      const granted = steps.some((s) => (p.kind === 'inline' ? s.includes(`--policy-name ${p.name} `) : s.includes(`--policy-arn ${p.arn}`)));
      if (!granted) problems.push(`the new role would lack ${p.name}`);
    }
  }
  return problems;
}

describe('every printed fix is safe to paste as printed', async () => {
  const audited = [...(await Promise.all(SNAPSHOTS.map(auditSnapshot))), await auditAsTwoRegions(SNAPSHOTS[0]!), ...fixtureAccounts()];
  const cases = audited.flatMap(({ label, account, findings }) => {
    const known = knownArns(account);
    return findings.map((finding) => ({ name: `${label}: ${finding.checkId} on ${finding.resourceArn}`, finding, account, known }));
  });

  it('covers every check that prints a fix, many times over', () => {
    const checks = new Set(cases.map((c) => c.finding.checkId));
    expect(checks.size).toBeGreaterThanOrEqual(12);
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases)('$name', ({ finding, account, known }) => {
    expect([...violations(finding, known), ...splitProblems(finding, account)]).toEqual([]);
  });

  it('the rules can fail: they catch a placeholder, a missing file, a pipe and an invented ARN', () => {
    const bad = (cli: string): Finding => ({ ...cases[0]!.finding, remediation: { text: '', cli } });
    const known = new Set<string>();
    expect(violations(bad('aws lambda add-permission --source-arn <SourceArn>'), known).join()).toMatch(/Placeholder/);
    expect(violations(bad('aws iam put-role-policy --policy-document file://x.json'), known).join()).toMatch(/file/);
    expect(violations(bad('aws iam get-role --role-name x | tee y'), known).join()).toMatch(/operator/);
    expect(violations(bad('aws lambda get-function --function-name arn:aws:lambda:us-east-1:111122223333:function:made-up'), known).join()).toMatch(/not in the audited account/);
    expect(violations(bad('rm -rf /tmp/x'), known).join()).toMatch(/not an aws command/);
    const onFunction = (cli: string): Finding => ({
      ...bad(cli),
      resourceArn: 'arn:aws:lambda:eu-west-1:111122223333:function:orders-api:live',
      functionArns: ['arn:aws:lambda:eu-west-1:111122223333:function:orders-api:live'],
    });
    expect(violations(onFunction('aws lambda remove-permission --function-name orders-api:live --statement-id s'), known).join()).toMatch(/no --region/);
    expect(violations(onFunction('aws lambda remove-permission --region us-east-1 --function-name orders-api:live --statement-id s'), known).join()).toMatch(
      /--region us-east-1, but orders-api:live is in eu-west-1/,
    );
    expect(violations(onFunction('aws lambda remove-permission --region eu-west-1 --function-name orders-api:live --statement-id s'), known)).toEqual([]);
  });
});
