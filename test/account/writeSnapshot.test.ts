import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountReader } from '../../shared/account/AccountReader.ts';
import { SnapshotWriteError } from '../../shared/account/errors.ts';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import type { AccountRecords } from '../../shared/account/records.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { writeSnapshot } from '../../shared/account/snapshot/writeSnapshot.ts';
import { loadFixture } from './live/loadFixture.ts';
import { servePages } from './live/servePages.ts';

const region = 'us-east-1';
const iam = new IAMClient({ region });
const lambda = new LambdaClient({ region });
const sts = new STSClient({ region });
const iamMock = mockClient(iam);
const lambdaMock = mockClient(lambda);
mockClient(sts);
const SECRET = 'sk_live_DO_NOT_LEAK';

/** The recorded account of test/account/live/fixtures, served as the SDK would serve it. */
function mockAccount(): void {
  iamMock.reset();
  lambdaMock.reset();
  servePages(iamMock, GetAccountAuthorizationDetailsCommand, [
    'iam/get-account-authorization-details.page1.json',
    'iam/get-account-authorization-details.page2.json',
  ]);
  servePages(lambdaMock, ListFunctionsCommand, ['lambda/list-functions.page1.json', 'lambda/list-functions.page2.json']);
  lambdaMock.on(GetPolicyCommand).rejects(new ResourceNotFoundException({ message: 'The resource you requested does not exist.', $metadata: {} }));
  lambdaMock.on(GetPolicyCommand, { FunctionName: 'orders-api' }).resolves(loadFixture('lambda/get-policy.json'));
  lambdaMock.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
  lambdaMock.on(ListAliasesCommand).resolves({ Aliases: [] });
  lambdaMock.on(ListFunctionUrlConfigsCommand, { FunctionName: 'orders-api' }).resolves(loadFixture('lambda/list-function-url-configs.json'));
  servePages(lambdaMock, ListEventSourceMappingsCommand, [
    'lambda/list-event-source-mappings.page1.json',
    'lambda/list-event-source-mappings.page2.json',
  ]);
}

const liveReader = (): AccountReader =>
  createLiveAccountReader({ clients: { iam, lambda, sts }, lambdaRate: Number.POSITIVE_INFINITY });

/** What the engine sees, independent of how a reader spells documents and timestamps. */
function comparable(records: AccountRecords): unknown {
  const doc = (d: unknown) => (typeof d === 'string' ? JSON.parse(d) : d);
  return JSON.parse(
    JSON.stringify({
      roles: records.roles.map((r) => ({
        RoleName: r.RoleName,
        Arn: r.Arn,
        AssumeRolePolicyDocument: doc(r.AssumeRolePolicyDocument),
        RolePolicyList: r.RolePolicyList?.map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: doc(p.PolicyDocument) })),
        AttachedManagedPolicies: r.AttachedManagedPolicies,
        PermissionsBoundary: r.PermissionsBoundary,
        Tags: r.Tags,
      })),
      managedPolicies: [...records.managedPolicies].map(([arn, p]) => [arn, p.PolicyName, p.DefaultVersionId, doc(p.Document)]),
      functions: records.functions,
      resourcePolicies: [...records.resourcePolicies].map(([name, p]) => [name, doc(p.Policy), p.RevisionId]),
      urlConfigs: [...records.urlConfigs],
      eventSourceMappings: records.eventSourceMappings.map((m) => ({ ...m, LastModified: undefined })),
      problems: records.problems,
    }),
  );
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

let parent: string;
let out: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'keycard-write-snapshot-'));
  out = join(parent, 'snapshot');
  mockAccount();
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('writeSnapshot', () => {
  it('writes the files the AWS CLI would, one per function only where there is something', async () => {
    const { files } = await writeSnapshot(liveReader(), out);

    expect(await filesUnder(out)).toEqual([
      'iam/authorization-details.json',
      // list-aliases per function (none here), and list-functions --function-version ALL (issue 11).
      'lambda/aliases/billing-worker.json',
      'lambda/aliases/orders-api.json',
      'lambda/aliases/reports.json',
      'lambda/event-source-mappings.json',
      'lambda/function-versions.json',
      'lambda/functions.json',
      'lambda/policies/orders-api.json',
      'lambda/url-configs/orders-api.json',
    ]);
    expect(files).toBe(9);
  });

  it('writes the older format, without aliases and versions, with qualifiers latest', async () => {
    await writeSnapshot(liveReader(), out, undefined, { qualifiers: 'latest' });
    expect(await filesUnder(out)).toEqual([
      'iam/authorization-details.json',
      'lambda/event-source-mappings.json',
      'lambda/functions.json',
      'lambda/policies/orders-api.json',
      'lambda/url-configs/orders-api.json',
    ]);
  });

  it('reads back with the snapshot reader as the same account', async () => {
    const live = await readAccountRecords(liveReader());
    await writeSnapshot(liveReader(), out, live);

    const fromSnapshot = await readAccountRecords(new SnapshotAccountReader(out));

    expect(comparable(fromSnapshot)).toEqual(comparable(live));
    expect(live.roles).toHaveLength(3);
    expect(live.managedPolicies.size).toBe(2);
  });

  it('writes IAM documents as decoded objects and the default version only, like the CLI', async () => {
    await writeSnapshot(liveReader(), out);
    const details = await readJson(join(out, 'iam/authorization-details.json'));

    expect(Object.keys(details)).toEqual(['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']);
    expect(details.RoleDetailList[0].AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'lambda.amazonaws.com' });
    expect(details.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0].Resource).toBe('arn:aws:s3:::orders+archive/*');
    expect(details.RoleDetailList[0].CreateDate).toBe('2024-03-01T10:00:00+00:00');
    const basic = details.Policies[0];
    expect(basic).toMatchObject({ PolicyName: 'AWSLambdaBasicExecutionRole', DefaultVersionId: 'v2' });
    expect(basic).not.toHaveProperty('Document');
    expect(basic.PolicyVersionList).toEqual([
      { Document: expect.objectContaining({ Version: '2012-10-17' }), VersionId: 'v2', IsDefaultVersion: true },
    ]);
  });

  it("writes a function's resource policy as Lambda returns it: Policy is a JSON string", async () => {
    await writeSnapshot(liveReader(), out);
    const policy = await readJson(join(out, 'lambda/policies/orders-api.json'));

    expect(policy).toEqual(loadFixture('lambda/get-policy.json'));
    expect(typeof policy.Policy).toBe('string');
  });

  it('never writes environment variable values, only their names', async () => {
    const records = await readAccountRecords(liveReader());
    // Even records that still hold a value (from another reader) lose it on the way out.
    const leaky = { ...records, functions: records.functions.map((fn) => ({ ...fn, Environment: { Variables: { API_TOKEN: SECRET } } })) };

    await writeSnapshot(liveReader(), out, leaky);

    for (const file of await filesUnder(out)) expect(await readFile(join(out, file), 'utf8')).not.toContain(SECRET);
    const { Functions } = await readJson(join(out, 'lambda/functions.json'));
    expect(Object.keys(Functions[0].Environment.Variables)).toEqual(['API_TOKEN']);
  });

  it('replaces an older snapshot, dropping its stale per-function files', async () => {
    await mkdir(join(out, 'lambda/policies'), { recursive: true });
    await writeFile(join(out, 'lambda/policies/deleted-function.json'), '{"Policy":"{}"}');
    await writeFile(join(out, 'lambda/functions.json'), '{"Functions":[]}');

    await writeSnapshot(liveReader(), out);

    expect(await filesUnder(out)).not.toContain('lambda/policies/deleted-function.json');
    expect((await readJson(join(out, 'lambda/functions.json'))).Functions).toHaveLength(3);
  });

  it.each([
    ['a stray file', 'notes.txt'],
    ['an unknown folder entry', 'lambda/layers.json'],
    ['a non-JSON file among policies', 'lambda/policies/README'],
  ])('refuses a non-empty directory with %s and leaves it untouched', async (_, stray) => {
    await mkdir(join(out, stray, '..'), { recursive: true });
    await writeFile(join(out, stray), 'keep me');

    const error = await writeSnapshot(liveReader(), out).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SnapshotWriteError);
    expect((error as Error).message).toContain(`found ${stray}`);
    expect(await filesUnder(out)).toEqual([stray]);
    expect(lambdaMock.calls()).toHaveLength(0); // refused before reading the account
  });

  it('refuses a target that is a file', async () => {
    await writeFile(out, 'not a directory');

    await expect(writeSnapshot(liveReader(), out)).rejects.toThrow(/exists and is not a directory/);
  });

  it('writes nothing when some reads failed, naming them, unless told to write anyway', async () => {
    const records = await readAccountRecords(liveReader());
    const problem = { subject: { kind: 'function' as const, name: 'reports' }, what: 'resource policy (GetPolicy reports)', reason: 'access denied' };
    const incomplete = { ...records, problems: [problem] };

    await expect(writeSnapshot(liveReader(), out, incomplete)).rejects.toThrow(/1 read\(s\) failed.*reports/);
    expect(await readdir(parent)).toEqual([]);

    const result = await writeSnapshot(liveReader(), out, incomplete, { allowIncomplete: true });
    expect(result.problems).toEqual([problem]);
  });

  it('refuses a function name that is not one, before writing anything', async () => {
    const records = await readAccountRecords(liveReader());
    const hostile = { ...records, resourcePolicies: new Map([['../../etc/passwd', { Policy: '{}' }]]) };

    await expect(writeSnapshot(liveReader(), out, hostile)).rejects.toThrow(SnapshotWriteError);
    expect(await readdir(parent)).toEqual([]);
  });
});
