/**
 * `keycard audit --live --org`: the organization's accounts listed (ListAccounts), the read role
 * assumed in each (STS AssumeRole through the SDK's inner STS client), each account read on its own
 * clients with the assumed session and evaluated, one report. Every client is mocked with
 * aws-sdk-client-mock and answers as the account whose credentials signed the call: the session
 * key id names the account, so a read signed with the wrong credentials reads the wrong account.
 */
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { AccessDeniedException, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/nested-clients/sts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseAuditArgs } from '../../cli/commands/parseAuditArgs.ts';
import { run } from '../../cli/run.ts';
import { CALLER_KEY, createOrganizationMock } from '../support/mockOrganization.ts';
import type { MockMember } from '../support/mockOrganization.ts';
import { captureIO } from './captureIO.ts';

const PROD = '111111111111';
const SANDBOX = '222222222222';
const DEV = '333333333333';
const OLD = '444444444444';

const organization = createOrganizationMock();
const { iam, lambda, inner, organizations } = organization.stubs;

/** prod: a public function whose role is admin (worst case); sandbox: its role cannot be assumed; dev: a private function of the same name, without log permissions; old-team: suspended. */
function serve(options: { denied?: string[] } = {}): void {
  const denied = new Set(options.denied ?? [SANDBOX]);
  const members: MockMember[] = [
    { id: PROD, name: 'prod', functions: 1, admin: true, public: true },
    { id: SANDBOX, name: 'sandbox', functions: 1 },
    { id: DEV, name: 'dev', functions: 1 },
    { id: OLD, name: 'old-team', functions: 1, state: 'SUSPENDED' },
  ];
  organization.serve({ members: members.map((m) => ({ ...m, denied: denied.has(m.id) })) });
}

afterAll(() => organization.restore());

beforeEach(() => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', CALLER_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'caller-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  serve();
});

afterEach(() => vi.unstubAllEnvs());

interface JsonFinding {
  checkId: string;
  severity: string;
  resourceArn: string;
  accountId?: string;
  detail: string;
}

const assumedRoles = () => inner.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn).sort();

describe('keycard audit --live --org', () => {
  it('audits three accounts of the organization in one report, one of them unreadable and said so, the suspended one skipped and listed', async () => {
    const io = captureIO();
    const code = await run(['audit', '--live', '--org', '--format', 'json'], io);
    expect(io.err).not.toMatch(/^keycard: .*error/im);
    expect(code).toBe(1);
    const report = JSON.parse(io.out) as { findings: JsonFinding[]; functions: { functionArn: string; accountId: string; worstCase: boolean }[]; summary: Record<string, unknown> };

    // The role of every active account was assumed, in the partition, with the caller's credentials; not the suspended one's.
    expect(assumedRoles()).toEqual([PROD, SANDBOX, DEV].sort().map((id) => `arn:aws:iam::${id}:role/KeycardReadRole`));
    expect(inner.commandCalls(AssumeRoleCommand).every((c) => c.args[0].input.RoleSessionName === 'keycard-audit')).toBe(true);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(1);

    // accountId on every finding; each account's findings are its own.
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.accountId !== undefined && f.resourceArn.includes(`:${f.accountId}:`))).toBe(true);
    expect(new Set(report.findings.map((f) => f.accountId))).toEqual(new Set([PROD, SANDBOX, DEV]));
    expect(report.findings.filter((f) => f.accountId === PROD).map((f) => f.checkId)).toEqual(expect.arrayContaining(['public-invoke', 'admin-access']));
    expect(report.findings.filter((f) => f.accountId === DEV).map((f) => f.checkId)).toContain('missing-log-permissions');
    expect(report.findings.filter((f) => f.accountId === DEV).map((f) => f.checkId)).not.toContain('admin-access');

    // The unreadable account: an evaluation-incomplete finding on the account that says why and what to do.
    const gap = report.findings.find((f) => f.accountId === SANDBOX)!;
    expect(gap).toMatchObject({ checkId: 'evaluation-incomplete', severity: 'medium', resourceArn: `arn:aws:iam::${SANDBOX}:root` });
    expect(gap.detail).toMatch(new RegExp(`AssumeRole arn:aws:iam::${SANDBOX}:role/KeycardReadRole: cannot assume the role \\(AccessDenied: .*\\); deploy the member stack`));
    expect(report.findings.filter((f) => f.accountId === SANDBOX)).toHaveLength(1);

    // Functions of the same name in two accounts stay apart.
    expect(report.functions.map((f) => [f.accountId, f.worstCase])).toEqual([[PROD, true], [DEV, false]]);

    // Per-account summary, worst first; the suspended account last, listed with its state.
    const accounts = report.summary.accounts as { accountId: string; name: string; status: string; state?: string; reason?: string; worstCaseFunctions: number; findings: number }[];
    expect(accounts.map((a) => [a.accountId, a.name, a.status])).toEqual([
      [PROD, 'prod', 'audited'],
      [SANDBOX, 'sandbox', 'unreadable'],
      [DEV, 'dev', 'audited'],
      [OLD, 'old-team', 'skipped'],
    ]);
    expect(accounts[0]!.worstCaseFunctions).toBe(1);
    expect(accounts[1]!.reason).toMatch(/^AssumeRole arn:aws:iam::222222222222:role\/KeycardReadRole: cannot assume the role/);
    expect(accounts[3]).toMatchObject({ state: 'SUSPENDED', findings: 0, functionsEvaluated: 0 });
    expect(report.summary.accountId).toBe(`${PROD},${SANDBOX},${DEV}`);
    expect(report.summary.functionsEvaluated).toBe(2);

    // stderr: one line per account and the calls made in the calling account and in the members.
    expect(io.err).toContain(`keycard: account ${SANDBOX}: not audited: AssumeRole`);
    expect(io.err).toMatch(new RegExp(`keycard: account ${PROD} \\(prod\\): 1 function read, \\d+ AWS API calls`));
    expect(io.err).toMatch(/keycard: in the calling account: 2 AWS API calls \(organizations:ListAccounts 1, sts:GetCallerIdentity 1\)/);
    expect(io.err).toMatch(/keycard: in the 2 accounts read: \d+ AWS API calls/);
  });

  it('every read in a member account is signed with that account\'s session, never with the caller\'s keys', async () => {
    await run(['audit', '--live', '--org', '--format', 'json', '--quiet'], captureIO());
    for (const call of [...iam.calls(), ...lambda.calls()]) {
      const client = call.thisValue as { config: { credentials(): Promise<{ accessKeyId: string }> } };
      expect((await client.config.credentials()).accessKeyId).toMatch(/^ASIA(111111111111|333333333333)$/);
    }
  });

  it('prints a table that fits 80 columns, with the accounts worst first and the unreadable one said so', async () => {
    const io = captureIO();
    expect(await run(['audit', '--live', '--org', '--quiet'], io)).toBe(1);
    const lines = io.out.split('\n');
    if (process.env.SHOW_TABLE) console.log(io.out);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(io.out).toMatch(/^Keycard audit of 4 accounts \(us-east-1\)/);
    expect(io.out).toContain(`[WORST CASE] orders-0 in ${PROD}`);
    expect(io.out).toContain(`orders-0 in ${DEV} (lock: private`);
    const table = lines.slice(lines.indexOf('Accounts (worst first)'));
    expect(table[1]).toBe('  account       name            functions worst crit high  med  low info');
    expect(table[2]).toMatch(new RegExp(`^  ${PROD}  prod +1 +1 +\\d+ +\\d+ +\\d+ +\\d+ +\\d+$`));
    expect(table[3]).toMatch(new RegExp(`^  ${SANDBOX}  sandbox +UNREADABLE: not audited$`));
    expect(table[4]).toBe(' '.repeat(16) + `AssumeRole arn:aws:iam::${SANDBOX}:role/KeycardReadRole:`);
    expect(table[5]).toBe(' '.repeat(16) + 'cannot assume the role (see its evaluation-incomplete finding)');
    expect(io.out).toMatch(new RegExp(`  ${OLD}  old-team +skipped: SUSPENDED`));
    expect(io.out).toMatch(/Accounts: 4 \(2 audited, 1 unreadable, 1 skipped\)\./);
  });

  it('keeps the SARIF contract, with the account on each result', async () => {
    const io = captureIO();
    await run(['audit', '--live', '--org', '--format', 'sarif', '--quiet'], io);
    const sarif = JSON.parse(io.out);
    const run0 = sarif.runs[0];
    expect(run0.automationDetails.id).toBe('keycard/organization/us-east-1/');
    expect(run0.results.every((r: { properties: { accountId?: string } }) => /^\d{12}$/.test(r.properties.accountId ?? ''))).toBe(true);
    expect(run0.properties.summary.accounts).toHaveLength(4);
  });

  it('--accounts audits the named accounts without asking Organizations', async () => {
    organizations.on(ListAccountsCommand).rejects(new AccessDeniedException({ message: 'You don’t have permissions to access this resource.', $metadata: {} }));
    const io = captureIO();
    const code = await run(['audit', '--live', '--org', '--accounts', `${DEV},${PROD}`, '--format', 'json', '--quiet'], io);
    expect(code).toBe(1);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
    expect(assumedRoles()).toEqual([`arn:aws:iam::${PROD}:role/KeycardReadRole`, `arn:aws:iam::${DEV}:role/KeycardReadRole`]);
    const accounts = JSON.parse(io.out).summary.accounts as { accountId: string; status: string; name?: string }[];
    expect(accounts.map((a) => [a.accountId, a.status, a.name])).toEqual([
      [PROD, 'audited', undefined],
      [DEV, 'audited', undefined],
    ]);
  });

  it('from an account that may not list the organization: says where to run it from, or to name the accounts', async () => {
    organizations.on(ListAccountsCommand).rejects(new AccessDeniedException({ message: 'You don’t have permissions to access this resource.', $metadata: {} }));
    const io = captureIO();
    expect(await run(['audit', '--live', '--org'], io)).toBe(2);
    expect(io.err).toMatch(/management account or from a delegated administrator account, or name the accounts to audit with --accounts ID,\.\.\./);
    expect(inner.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('an unreadable account fails the run even when --min-severity hides its finding', async () => {
    const io = captureIO();
    expect(await run(['audit', '--live', '--org', '--accounts', SANDBOX, '--min-severity', 'high', '--format', 'json', '--quiet'], io)).toBe(1);
    const report = JSON.parse(io.out);
    expect(report.findings).toEqual([]);
    expect(report.summary.accounts).toMatchObject([{ accountId: SANDBOX, status: 'unreadable' }]);
  });

  it('an account whose role may not list its functions is unreadable too, with the call and the permission named; the others are audited', async () => {
    organization.serve({
      members: [
        { id: PROD, name: 'prod', functions: 1 },
        { id: DEV, name: 'dev', functions: 1, listFunctionsDenied: true },
      ],
    });
    const io = captureIO();
    expect(await run(['audit', '--live', '--org', '--format', 'json', '--quiet'], io)).toBe(1);
    const report = JSON.parse(io.out);
    const dev = report.summary.accounts.find((a: { accountId: string }) => a.accountId === DEV);
    expect(dev.status).toBe('unreadable');
    expect(dev.reason).toMatch(/ListFunctions .*access denied .*allow lambda:ListFunctions/);
    expect(report.summary.accounts.find((a: { accountId: string }) => a.accountId === PROD).status).toBe('audited');
    expect(report.findings.some((f: JsonFinding) => f.accountId === DEV && f.checkId === 'evaluation-incomplete' && f.resourceArn === `arn:aws:iam::${DEV}:root`)).toBe(true);
  });

  it('--role-name and --account-concurrency: the named role, and no more accounts at once than asked', async () => {
    serve({ denied: [] });
    await run(['audit', '--live', '--org', '--role-name', 'security/Auditor', '--account-concurrency', '1', '--accounts', `${PROD},${DEV}`, '--quiet'], captureIO());
    expect(assumedRoles()).toEqual([`arn:aws:iam::${PROD}:role/security/Auditor`, `arn:aws:iam::${DEV}:role/security/Auditor`]);
    expect(organization.tracking.maxInFlight).toBe(1);
    serve({ denied: [] });
    await run(['audit', '--live', '--org', '--accounts', `${PROD},${DEV}`, '--quiet'], captureIO());
    expect(organization.tracking.maxInFlight).toBe(2);
  });

  it('--regions reads each account region by region through the same session', async () => {
    const io = captureIO();
    expect(await run(['audit', '--live', '--org', '--accounts', PROD, '--regions', 'us-east-1,eu-west-1', '--format', 'json', '--quiet'], io)).toBe(1);
    expect(inner.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(lambda.commandCalls(ListFunctionsCommand)).toHaveLength(2);
    const report = JSON.parse(io.out);
    expect(report.summary.region).toBe('us-east-1,eu-west-1');
    expect(Object.keys(report.summary.regions).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('keycard audit --live --org --profile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keycard-org-profile-'));
    writeFileSync(join(dir, 'config'), '[profile org-admin]\nregion = eu-west-1\n');
    writeFileSync(join(dir, 'credentials'), '[org-admin]\naws_access_key_id = AKIAORGADMINPROFILE\naws_secret_access_key = s\n');
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    vi.stubEnv('AWS_REGION', undefined); // else it would win over the profile's region
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("assumes the roles and lists the organization with the profile's credentials, in its region, not the environment's", async () => {
    const io = captureIO();
    expect(await run(['audit', '--live', '--org', '--profile', 'org-admin', '--format', 'json', '--quiet'], io)).toBe(1);
    const keyOf = async (call: { thisValue: unknown }) => (await (call.thisValue as { config: { credentials(): Promise<{ accessKeyId: string }> } }).config.credentials()).accessKeyId;
    const regionOf = async (call: { thisValue: unknown }) => (call.thisValue as { config: { region(): Promise<string> } }).config.region();
    expect(inner.calls().length).toBe(3);
    for (const call of inner.calls()) {
      expect(await keyOf(call)).toBe('AKIAORGADMINPROFILE');
      expect(await regionOf(call)).toBe('eu-west-1');
    }
    expect(await keyOf(organizations.call(0))).toBe('AKIAORGADMINPROFILE');
    expect(JSON.parse(io.out).summary.region).toBe('eu-west-1');
  });
});

describe('parseAuditArgs --org', () => {
  it('takes the defaults and the flags', () => {
    expect(parseAuditArgs(['--live', '--org']).source).toEqual({ kind: 'live', org: { roleName: 'KeycardReadRole', concurrency: 4 } });
    expect(parseAuditArgs(['--live', '--org', '--accounts', '111111111111, 333333333333', '--accounts', '111111111111', '--account-concurrency', '8']).source).toMatchObject({
      org: { accounts: ['111111111111', '333333333333'], concurrency: 8 },
    });
  });

  it('refuses what cannot work, naming the flag', () => {
    expect(() => parseAuditArgs(['--live', '--accounts', '111111111111'])).toThrow(/--accounts applies only to --live --org/);
    expect(() => parseAuditArgs(['--live', '--role-name', 'R'])).toThrow(/--role-name applies only to --live --org/);
    expect(() => parseAuditArgs(['--snapshot', 'dir', '--org'])).toThrow(/--org applies only to --live/);
    expect(() => parseAuditArgs(['--live', '--org', '--accounts', '12345'])).toThrow(/--accounts '12345' is not a 12-digit AWS account id/);
    expect(() => parseAuditArgs(['--live', '--org', '--role-name', 'bad name'])).toThrow(/--role-name 'bad name' is not an IAM role name/);
    expect(() => parseAuditArgs(['--live', '--org', '--account-concurrency', '0'])).toThrow(/--account-concurrency '0' is not a whole number from 1 to 32/);
  });

  it('refuses --regions all with --org (each account enables its own regions)', async () => {
    const io = captureIO();
    expect(await run(['audit', '--live', '--org', '--regions', 'all'], io)).toBe(2);
    expect(io.err).toMatch(/--regions all is not available with --org/);
  });
});
