/**
 * Aliases and published versions read live (aws-sdk-client-mock, real response shapes) and from a
 * snapshot, then audited: the same exposure is found either way; an older snapshot says once what
 * it could not see.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountReader } from '../../shared/account/AccountReader.ts';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import type { QualifierMode } from '../../shared/account/records.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { writeSnapshot } from '../../shared/account/snapshot/writeSnapshot.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { QA_ACCOUNT, qaArn, qualifiedMockAccount } from '../support/qualifiedAccount.ts';

const aws = createAwsMock();
const live = () => createLiveAccountReader({ region: 'eu-west-1', lambdaRate: Number.POSITIVE_INFINITY });
const COMPLETE_SNAPSHOT = join(import.meta.dirname, '../fixtures/snapshots/complete');
const dirs: string[] = [];

async function audit(reader: AccountReader, qualifiers?: QualifierMode) {
  const records = await readAccountRecords(reader, qualifiers === undefined ? {} : { qualifiers });
  return evaluateAccount(toAccountFacts(await reader.identity(), records), { trustedAccountIds: [] });
}

/** What issue 11 asks to see, by check and qualified ARN. */
function exposure(result: Awaited<ReturnType<typeof audit>>) {
  const on = (checkId: string) => result.findings.filter((f) => f.checkId === checkId);
  return {
    publicInvoke: on('public-invoke').map((f) => f.resourceArn),
    confusedDeputy: on('confused-deputy').map((f) => f.resourceArn),
    publicUrl: on('public-function-url').map((f) => f.resourceArn),
    admin: on('admin-access').map((f) => [f.resourceArn, [...f.functionArns].sort()]),
  };
}

const EXPECTED = {
  publicInvoke: [qaArn('orders:live')],
  confusedDeputy: [qaArn('orders:hooks')],
  publicUrl: [qaArn('orders:web')],
  admin: [[`arn:aws:iam::${QA_ACCOUNT}:role/orders-admin`, [qaArn('orders:2'), qaArn('orders:beta'), qaArn('orders:live')]]],
};

beforeEach(() => {
  aws.serve(qualifiedMockAccount());
});
afterAll(async () => {
  aws.restore();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('aliases and versions read live', () => {
  it('reports a public alias, a confused-deputy alias, an alias URL and an admin version behind an alias', async () => {
    const result = await audit(live(), 'aliases');
    expect(exposure(result)).toEqual(EXPECTED);
    expect(result.summary).toMatchObject({ qualifiers: 'aliases', functionsEvaluated: 2, aliasesEvaluated: 4, versionsEvaluated: 2 });
  });

  it('costs, per mode: ListFunctions (ALL), one ListAliases per function, one GetPolicy per alias and kept version', async () => {
    const counts: Record<string, Record<string, number>> = {};
    for (const mode of ['latest', 'aliases', 'all'] as const) {
      aws.resetHistory();
      await audit(live(), mode);
      counts[mode] = Object.fromEntries(Object.entries(aws.calls()).filter(([api]) => api.startsWith('lambda:')));
    }
    expect(counts.latest).toEqual({ 'lambda:ListFunctions': 1, 'lambda:GetPolicy': 2, 'lambda:ListEventSourceMappings': 1 });
    // aliases: 2 functions + 4 aliases + versions 2 and 3 of orders (aliased); URL configs since the web alias's policy mentions URLs.
    expect(counts.aliases).toEqual({
      'lambda:ListFunctions': 1,
      'lambda:ListAliases': 2,
      'lambda:GetPolicy': 2 + 4 + 2,
      'lambda:ListFunctionUrlConfigs': 1,
      'lambda:ListEventSourceMappings': 1,
    });
    expect(counts.all).toMatchObject({ 'lambda:ListAliases': 2, 'lambda:GetPolicy': 2 + 4 + 4 });
  });

  it('keeps a version a mapping names, even when no alias points at it', async () => {
    const account = qualifiedMockAccount();
    account.eventSourceMappings!.push({ uuid: 'a1b2c3d4-0000-4000-8000-000000000001', functionName: 'quiet:1', eventSourceArn: `arn:aws:sqs:eu-west-1:${QA_ACCOUNT}:quiet-queue` });
    aws.serve(account);
    const records = await readAccountRecords(live(), { qualifiers: 'aliases' });
    expect(records.qualifiers?.versions.map((v) => v.FunctionArn)).toEqual([qaArn('orders:2'), qaArn('orders:3'), qaArn('quiet:1')]);
  });

  it('reads one function\'s versions with ListVersionsByFunction when functions are named', async () => {
    const result = await readAccountRecords(live(), { functionNames: ['orders'], qualifiers: 'aliases' });
    expect(result.qualifiers?.aliases.get('orders')?.map((a) => a.Name)).toEqual(['beta', 'hooks', 'live', 'web']);
    expect(aws.calls()['lambda:ListVersionsByFunction']).toBe(1);
    expect(aws.calls()['lambda:ListFunctions']).toBeUndefined();
  });
});

describe('aliases and versions read from a snapshot', () => {
  it('writes them with keycard snapshot and finds the same exposure reading them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keycard-qualifiers-'));
    dirs.push(dir);
    const out = join(dir, 'snap');
    await writeSnapshot(live(), out);
    const snapshot = new SnapshotAccountReader(out);
    expect(await snapshot.listAliases('orders')).toHaveLength(4);
    expect(await snapshot.getResourcePolicy('orders', 'live')).toMatchObject({ Policy: expect.stringContaining('"Principal":"*"') });
    const result = await audit(snapshot, 'aliases');
    expect(exposure(result)).toEqual(EXPECTED);
    expect(result.findings.filter((f) => f.checkId === 'evaluation-incomplete')).toEqual([]);
    // The snapshot holds every version: `all` sees version 1 too.
    expect((await audit(snapshot, 'all')).summary).toMatchObject({ versionsEvaluated: 4 });
  });

  it('audits an older snapshot without them, saying once for the account what it could not see', async () => {
    const result = await audit(new SnapshotAccountReader(COMPLETE_SNAPSHOT), 'aliases');
    const before = await audit(new SnapshotAccountReader(COMPLETE_SNAPSHOT));
    const known = new Set(before.findings.map((f) => f.detail));
    const added = result.findings.filter((f) => !known.has(f.detail));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ checkId: 'evaluation-incomplete', resourceArn: expect.stringMatching(/:iam::\d{12}:root$/), functionArns: [] });
    expect(added[0]!.detail).toContain('aliases and published versions');
    expect(added[0]!.detail).toContain('lambda/function-versions.json');
    // The rest is judged as before.
    expect(result.findings.length).toBe(before.findings.length + 1);
  });
});
