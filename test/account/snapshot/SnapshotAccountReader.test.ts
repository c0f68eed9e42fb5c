import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountReadError, SnapshotFormatError } from '../../../shared/account/errors.ts';
import { SnapshotAccountReader } from '../../../shared/account/snapshot/SnapshotAccountReader.ts';
import { REDACTED_ENVIRONMENT_VALUE } from '../../../shared/account/snapshot/withoutEnvironmentValues.ts';
import { COMPLETE_SNAPSHOT, copySnapshotFixture } from './copySnapshotFixture.ts';

const ACCOUNT = '123456789012';
const reader = new SnapshotAccountReader(COMPLETE_SNAPSHOT);

async function formatErrorOf(promise: Promise<unknown>): Promise<SnapshotFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SnapshotFormatError);
  return error as SnapshotFormatError;
}

describe('SnapshotAccountReader on a complete snapshot', () => {
  it('derives the account, region and partition from the function ARNs', async () => {
    expect(await reader.identity()).toEqual({ accountId: ACCOUNT, region: 'eu-west-1', partition: 'aws' });
  });

  it('lets the caller override the identity', async () => {
    const overridden = new SnapshotAccountReader(COMPLETE_SNAPSHOT, { region: 'us-east-1' });
    expect(await overridden.identity()).toEqual({ accountId: ACCOUNT, region: 'us-east-1', partition: 'aws' });
  });

  it('reads roles and the default version of each managed policy, ignoring users and groups', async () => {
    const { roles, managedPolicies } = await reader.readAuthorizationDetails();
    expect(roles.map((r) => r.RoleName)).toEqual(['orders-api-role', 'reports-role', 'shared-worker-role']);
    expect([...managedPolicies.keys()]).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
      `arn:aws:iam::${ACCOUNT}:policy/orders-table-access`,
      `arn:aws:iam::${ACCOUNT}:policy/lambda-boundary`,
    ]);
    const orders = managedPolicies.get(`arn:aws:iam::${ACCOUNT}:policy/orders-table-access`);
    expect(orders?.DefaultVersionId).toBe('v2');
    // The v2 document, still URL-encoded as the SDK saved it: decoding is the parser's job.
    expect(decodeURIComponent(orders?.Document as string)).toContain('dynamodb:GetItem');
  });

  it.each([
    ['orders-api-role', 'service-role/orders-api-role'],
    ['reports-role', 'reports-role'],
  ])('finds role %s by name', async (name, arnSuffix) => {
    expect((await reader.getRole(name))?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/${arnSuffix}`);
  });

  it('answers undefined for a role or policy that is not there', async () => {
    expect(await reader.getRole('nope')).toBeUndefined();
    expect(await reader.getManagedPolicy(`arn:aws:iam::${ACCOUNT}:policy/nope`)).toBeUndefined();
  });

  it.each([
    [`arn:aws:iam::${ACCOUNT}:policy/orders-table-access`, ['orders-api-role', 'shared-worker-role']],
    [`arn:aws:iam::${ACCOUNT}:policy/lambda-boundary`, ['reports-role']],
    ['arn:aws:iam::aws:policy/AdministratorAccess', []],
  ])('lists the roles that use %s, as attachment or boundary', async (arn, names) => {
    expect(await reader.listRolesWithPolicy(arn)).toEqual(names);
  });

  it('lists functions with environment variable names but never their values', async () => {
    const functions = await reader.listFunctions();
    expect(functions.map((f) => f.FunctionName)).toEqual(['orders-api', 'reports', 'nightly-job', 'legacy-cron']);
    expect(Object.keys(functions[0]?.Environment?.Variables ?? {})).toEqual(['TABLE_NAME', 'DB_PASSWORD', 'API_TOKEN']);
    expect(Object.values(functions[0]?.Environment?.Variables ?? {})).toEqual([
      REDACTED_ENVIRONMENT_VALUE,
      REDACTED_ENVIRONMENT_VALUE,
      REDACTED_ENVIRONMENT_VALUE,
    ]);
    expect(JSON.stringify(functions)).not.toContain('SECRET-VALUE');
    expect(JSON.stringify(await reader.getFunctionConfiguration('orders-api'))).not.toContain('SECRET-VALUE');
  });

  it.each(['reports', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:reports`, `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:reports:live`])(
    'finds a function configuration by %s',
    async (nameOrArn) => {
      expect((await reader.getFunctionConfiguration(nameOrArn))?.FunctionName).toBe('reports');
    },
  );

  it('reads a resource policy as get-policy printed it, and none where there is no file', async () => {
    const policy = await reader.getResourcePolicy('orders-api');
    expect(policy?.RevisionId).toBe('4843f2f6-7c59-4fda-b484-afd0bc0e22b8');
    expect(typeof policy?.Policy).toBe('string');
    expect(await reader.getResourcePolicy('nightly-job')).toBeUndefined();
  });

  it('reads URL configs (an alias URL here), and none where there is no file', async () => {
    const urls = await reader.listFunctionUrlConfigs('orders-api');
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatchObject({ AuthType: 'NONE', FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-api:prod` });
    expect(await reader.listFunctionUrlConfigs('reports')).toEqual([]);
  });

  it.each([
    [undefined, 3],
    ['nightly-job', 1],
    ['reports', 1], // its mapping names the function by a qualified (alias) ARN
    ['orders-api', 0],
  ])('lists event source mappings for %s', async (name, count) => {
    expect(await reader.listEventSourceMappings(name)).toHaveLength(count);
  });

  it.each(['../../etc/passwd', 'a/b', ''])('refuses %j as a function name instead of reading outside the snapshot', async (name) => {
    await expect(reader.getResourcePolicy(name)).rejects.toBeInstanceOf(AccountReadError);
  });
});

describe('SnapshotAccountReader on broken snapshots', () => {
  it('says the snapshot directory does not exist', async () => {
    const missing = new SnapshotAccountReader('/nonexistent/keycard-snapshot');
    const error = await formatErrorOf(missing.listFunctions());
    expect(error.message).toMatch(/^\/nonexistent\/keycard-snapshot: expected a snapshot directory holding iam\/authorization-details\.json/);
  });

  // [file, content (undefined: delete), read, message pattern]
  const cases: [string, string | undefined, (r: SnapshotAccountReader) => Promise<unknown>, RegExp][] = [
    ['iam/authorization-details.json', undefined, (r) => r.readAuthorizationDetails(), /aws iam get-account-authorization-details.*RoleDetailList.*the file is missing/],
    ['iam/authorization-details.json', '{"RoleDetailList": ', (r) => r.readAuthorizationDetails(), /RoleDetailList.*not valid JSON/],
    ['iam/authorization-details.json', '{"Functions": []}', (r) => r.readAuthorizationDetails(), /RoleDetailList.*found an object with keys Functions without a RoleDetailList array/],
    ['iam/authorization-details.json', '{"RoleDetailList": [{"RoleName": "x"}]}', (r) => r.getRole('x'), /RoleDetailList entry 0 has no RoleName and Arn/],
    ['iam/authorization-details.json', '{"RoleDetailList": [], "IsTruncated": true, "Marker": "abc"}', (r) => r.readAuthorizationDetails(), /only part of the results/],
    ['lambda/functions.json', undefined, (r) => r.listFunctions(), /aws lambda list-functions.*Functions array.*the file is missing.*Create it with/],
    ['lambda/functions.json', '', (r) => r.listFunctions(), /aws lambda list-functions.*the file is empty/],
    ['lambda/functions.json', '[]', (r) => r.listFunctions(), /aws lambda list-functions.*empty array/],
    ['lambda/functions.json', '{"Functions": [{"FunctionArn": "f"}]}', (r) => r.listFunctions(), /Functions entry 0 has no FunctionName string/],
    ['lambda/functions.json', '{"Functions": [], "NextToken": "eyJNYXJrZXIi"}', (r) => r.listFunctions(), /only part of the results/],
    ['lambda/event-source-mappings.json', undefined, (r) => r.listEventSourceMappings(), /aws lambda list-event-source-mappings.*missing, so event source mappings cannot be checked/],
    ['lambda/policies/orders-api.json', '{"Policy": ', (r) => r.getResourcePolicy('orders-api'), /aws lambda get-policy.*not valid JSON.*get-policy --function-name orders-api/],
    ['lambda/policies/orders-api.json', '{"RevisionId": "x"}', (r) => r.getResourcePolicy('orders-api'), /aws lambda get-policy.*found no Policy/],
    ['lambda/url-configs/orders-api.json', '{"FunctionUrlConfigs": [{"FunctionUrl": "https://x"}]}', (r) => r.listFunctionUrlConfigs('orders-api'), /FunctionUrlConfigs entry 0 has no FunctionArn string \(found nothing\)/],
  ];
  it.each(cases)('%s as %j: names the file and what was expected', async (file, content, read, pattern) => {
    const dir = await copySnapshotFixture();
    if (content === undefined) await rm(join(dir, file));
    else await writeFile(join(dir, file), content);
    const error = await formatErrorOf(read(new SnapshotAccountReader(dir)));
    expect(error.source).toBe(file);
    expect(error.message.startsWith(`${file}: expected `)).toBe(true);
    expect(error.message).toMatch(pattern);
  });

  it('refuses functions of two regions in one snapshot', async () => {
    const dir = await copySnapshotFixture();
    const path = join(dir, 'lambda/functions.json');
    const json = JSON.parse(await readFile(path, 'utf8')) as { Functions: { FunctionArn: string }[] };
    json.Functions[1]!.FunctionArn = json.Functions[1]!.FunctionArn.replace('eu-west-1', 'us-east-1');
    await writeFile(path, JSON.stringify(json));
    const error = await formatErrorOf(new SnapshotAccountReader(dir).identity());
    expect(error.message).toMatch(/one account and region; found 123456789012\/eu-west-1 and 123456789012\/us-east-1 \(reports\)/);
  });

  it('asks for the identity when no function ARN can tell it', async () => {
    const dir = await copySnapshotFixture();
    await writeFile(join(dir, 'lambda/functions.json'), '{"Functions": []}');
    await formatErrorOf(new SnapshotAccountReader(dir).identity());
    const given = new SnapshotAccountReader(dir, { region: 'eu-west-1' });
    expect(await given.identity()).toEqual({ accountId: ACCOUNT, region: 'eu-west-1', partition: 'aws' });
  });
});

describe('SnapshotAccountReader on paged output', () => {
  it('accepts a JSON array of pages as the SDK returns them', async () => {
    const dir = await copySnapshotFixture();
    const path = join(dir, 'lambda/functions.json');
    const { Functions } = JSON.parse(await readFile(path, 'utf8')) as { Functions: unknown[] };
    await writeFile(
      path,
      JSON.stringify([
        { Functions: Functions.slice(0, 2), NextMarker: 'page-2' },
        { Functions: Functions.slice(2) },
      ]),
    );
    const authPath = join(dir, 'iam/authorization-details.json');
    const details = JSON.parse(await readFile(authPath, 'utf8')) as Record<string, unknown[]>;
    await writeFile(
      authPath,
      JSON.stringify([
        { RoleDetailList: details.RoleDetailList!.slice(0, 1), Policies: details.Policies!.slice(0, 2), IsTruncated: true, Marker: 'm' },
        { RoleDetailList: details.RoleDetailList!.slice(1), Policies: details.Policies!.slice(2), IsTruncated: false },
      ]),
    );
    const paged = new SnapshotAccountReader(dir);
    expect(await paged.listFunctions()).toHaveLength(4);
    const { roles, managedPolicies } = await paged.readAuthorizationDetails();
    expect(roles).toHaveLength(3);
    expect(managedPolicies.size).toBe(4);
  });
});
