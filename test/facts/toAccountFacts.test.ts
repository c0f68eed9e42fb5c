import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountIdentity } from '../../shared/account/AccountReader.ts';
import type { AccountRecords, FunctionConfigurationRecord, RoleRecord } from '../../shared/account/records.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import type { AccountFacts, FunctionFacts, RoleFacts } from '../../shared/facts/types.ts';
import { copySnapshotFixture } from '../account/snapshot/copySnapshotFixture.ts';

const A = '123456789012';
const IDENTITY: AccountIdentity = { accountId: A, region: 'eu-west-1', partition: 'aws' };
const SNAPSHOT = join(import.meta.dirname, '../fixtures/snapshots/complete');

function records(overrides: Partial<AccountRecords> = {}): AccountRecords {
  return {
    roles: [],
    managedPolicies: new Map(),
    functions: [],
    resourcePolicies: new Map(),
    urlConfigs: new Map(),
    eventSourceMappings: [],
    problems: [],
    ...overrides,
  };
}

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function role(name: string, extra: Partial<RoleRecord> = {}): RoleRecord {
  return { RoleName: name, Arn: `arn:aws:iam::${A}:role/${name}`, Path: '/', AssumeRolePolicyDocument: TRUST, ...extra };
}

function fn(name: string, extra: Partial<FunctionConfigurationRecord> = {}): FunctionConfigurationRecord {
  return { FunctionName: name, FunctionArn: `arn:aws:lambda:eu-west-1:${A}:function:${name}`, Role: `arn:aws:iam::${A}:role/r`, ...extra };
}

describe('toAccountFacts from the complete snapshot fixture', () => {
  let facts: AccountFacts;
  const fnNamed = (name: string): FunctionFacts => facts.functions.find((f) => f.name === name)!;
  const roleNamed = (name: string): RoleFacts => [...facts.roles.values()].find((r) => r.name === name)!;

  beforeAll(async () => {
    const reader = new SnapshotAccountReader(SNAPSHOT);
    facts = toAccountFacts(await reader.identity(), await readAccountRecords(reader));
  });

  it('carries the account identity and every role keyed by ARN', () => {
    expect(facts).toMatchObject({ accountId: A, region: 'eu-west-1', partition: 'aws', incomplete: [] });
    expect([...facts.roles.keys()]).toEqual([
      `arn:aws:iam::${A}:role/service-role/orders-api-role`,
      `arn:aws:iam::${A}:role/reports-role`,
      `arn:aws:iam::${A}:role/shared-worker-role`,
    ]);
  });

  it('resolves inline and attached policies, tags and the trust policy of a role', () => {
    const orders = roleNamed('orders-api-role');
    expect(orders.path).toBe('/service-role/');
    expect(orders.accountId).toBe(A);
    expect(orders.tags).toEqual({ team: 'orders', env: 'prod' });
    expect(orders.policies.map((p) => [p.kind, p.name])).toEqual([
      ['inline', 'orders-events'],
      ['aws-managed', 'AWSLambdaBasicExecutionRole'],
      ['customer-managed', 'orders-table-access'],
    ]);
    expect(orders.trustPolicy?.Statement).toEqual(TRUST.Statement);
    expect(orders.incomplete).toEqual([]);
  });

  it('decodes URL-encoded trust, inline and managed documents and uses the default version', () => {
    const reports = roleNamed('reports-role');
    expect(JSON.stringify(reports.trustPolicy)).toContain('lambda.amazonaws.com');
    expect(JSON.stringify(reports.policies.find((p) => p.kind === 'inline')?.document)).toContain('arn:aws:s3:::reports-bucket/*');
    const orders = roleNamed('orders-api-role').policies.find((p) => p.name === 'orders-table-access');
    expect(JSON.stringify(orders?.document)).toContain('dynamodb:GetItem'); // v2, not v1's dynamodb:*
    expect(JSON.stringify(orders?.document)).not.toContain('dynamodb:*');
  });

  it('resolves the permissions boundary', () => {
    expect(roleNamed('reports-role').permissionsBoundary).toMatchObject({
      kind: 'permissions-boundary',
      name: 'lambda-boundary',
      arn: `arn:aws:iam::${A}:policy/lambda-boundary`,
    });
    expect(roleNamed('orders-api-role').permissionsBoundary).toBeUndefined();
  });

  it('parses a managed policy once and shares it between the roles that attach it', () => {
    const a = roleNamed('orders-api-role').policies.find((p) => p.name === 'orders-table-access');
    const b = roleNamed('shared-worker-role').policies.find((p) => p.name === 'orders-table-access');
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(a?.document).toBe(b?.document);
  });

  it('lists an attached policy whose document is missing as incomplete instead of dropping it', () => {
    expect(roleNamed('shared-worker-role').incomplete).toEqual([
      {
        what: `managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole attached to role shared-worker-role`,
        reason: expect.stringMatching(/not in the account records/),
      },
    ]);
  });

  it('reads logging, tracing, VPC, DLQ, customer KMS key, EFS and layers of a function', () => {
    expect(fnNamed('reports')).toMatchObject({
      arn: `arn:aws:lambda:eu-west-1:${A}:function:reports`,
      accountId: A,
      region: 'eu-west-1',
      partition: 'aws',
      roleArn: `arn:aws:iam::${A}:role/reports-role`,
      runtime: 'python3.13',
      packageType: 'Zip',
      logGroupName: '/aws/lambda/reports',
      tracingMode: 'PassThrough',
      vpc: {
        subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        securityGroupIds: ['sg-0123456789abcdef0'],
        vpcId: 'vpc-0fedcba9876543210',
      },
      deadLetterTargetArn: `arn:aws:sqs:eu-west-1:${A}:reports-dlq`,
      kmsKeyArn: `arn:aws:kms:eu-west-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      environmentVariableNames: ['BUCKET'],
      fileSystems: [{ arn: `arn:aws:elasticfilesystem:eu-west-1:${A}:access-point/fsap-0123456789abcdef0`, localMountPath: '/mnt/reports' }],
      layerArns: [`arn:aws:lambda:eu-west-1:${A}:layer:shared-libs:7`],
      incomplete: [],
    });
  });

  it('takes the log group from LoggingConfig and leaves out an empty VpcConfig', () => {
    const orders = fnNamed('orders-api');
    expect(orders.logGroupName).toBe('/custom/orders-api');
    expect(orders.vpc).toBeUndefined();
    expect(orders.kmsKeyArn).toBeUndefined();
    expect(orders.environmentVariableNames).toEqual(['TABLE_NAME', 'DB_PASSWORD', 'API_TOKEN']);
  });

  it('parses the resource policy and keeps the alias URL config', () => {
    const orders = fnNamed('orders-api');
    expect(orders.resourcePolicy?.Id).toBe('default');
    expect(orders.functionUrls).toEqual([
      {
        url: 'https://abcdefghijklmnopqrstuvwxyz0123.lambda-url.eu-west-1.on.aws/',
        authType: 'NONE',
        functionArn: `arn:aws:lambda:eu-west-1:${A}:function:orders-api:prod`,
      },
    ]);
    expect(fnNamed('nightly-job').resourcePolicy).toBeUndefined();
  });

  it.each([
    ['nightly-job', [{ uuid: 'a1b2c3d4-5678-90ab-cdef-11111EXAMPLE', eventSourceArn: `arn:aws:kinesis:eu-west-1:${A}:stream/clickstream`, state: 'Enabled', onFailureDestinationArn: `arn:aws:sqs:eu-west-1:${A}:clickstream-failures` }]],
    ['reports', [{ uuid: 'a1b2c3d4-5678-90ab-cdef-22222EXAMPLE', eventSourceArn: `arn:aws:sqs:eu-west-1:${A}:report-requests`, state: 'Enabled' }]],
    ['orders-api', []],
  ])('gives %s the event source mappings whose FunctionArn, qualified or not, is its own', (name, mappings) => {
    expect(fnNamed(name).eventSourceMappings).toEqual(mappings);
  });

  it('says so when a function’s execution role is not in the account', () => {
    expect(fnNamed('legacy-cron').incomplete).toEqual([
      {
        what: `execution role arn:aws:iam::${A}:role/deleted-legacy-role of function legacy-cron`,
        reason: expect.stringMatching(/not in the account records/),
        concerns: 'execution-role',
      },
    ]);
  });

  it('never lets an environment variable value into the records or the facts', async () => {
    const recordsJson = JSON.stringify(await readAccountRecords(new SnapshotAccountReader(SNAPSHOT)), (_key, value: unknown) =>
      value instanceof Map ? [...value.entries()] : value,
    );
    expect(recordsJson).toContain('DB_PASSWORD');
    expect(recordsJson).not.toContain('SECRET-VALUE');
  });

  it('never lets an environment variable value into the facts', () => {
    const json = JSON.stringify({ ...facts, roles: [...facts.roles.values()] });
    expect(json).not.toContain('SECRET-VALUE');
    expect(json).toContain('DB_PASSWORD');
  });
});

describe('toAccountFacts edge cases', () => {
  it.each([
    ['an AWS managed key alias', `arn:aws:kms:eu-west-1:${A}:alias/aws/lambda`, undefined],
    ['a customer key', `arn:aws:kms:eu-west-1:${A}:key/abcd`, `arn:aws:kms:eu-west-1:${A}:key/abcd`],
    ['no key', undefined, undefined],
  ])('keeps kmsKeyArn only for a customer key: %s', (_label, KMSKeyArn, expected) => {
    const facts = toAccountFacts(IDENTITY, records({ functions: [fn('f', KMSKeyArn ? { KMSKeyArn } : {})] }));
    expect(facts.functions[0]?.kmsKeyArn).toBe(expected);
  });

  it.each([
    [{ LogGroup: '/shared/logs' }, '/shared/logs'],
    [{ LogFormat: 'Text' }, '/aws/lambda/f'],
    [undefined, '/aws/lambda/f'],
  ])('logGroupName with LoggingConfig %j is %s', (LoggingConfig, expected) => {
    const facts = toAccountFacts(IDENTITY, records({ functions: [fn('f', LoggingConfig ? { LoggingConfig } : {})] }));
    expect(facts.functions[0]?.logGroupName).toBe(expected);
  });

  it('takes partition, region and account from the function ARN, not the reader identity', () => {
    const facts = toAccountFacts(IDENTITY, records({ functions: [fn('g', { FunctionArn: 'arn:aws-cn:lambda:cn-north-1:210987654321:function:g' })] }));
    expect(facts.functions[0]).toMatchObject({ partition: 'aws-cn', region: 'cn-north-1', accountId: '210987654321' });
  });

  it('marks an unparseable resource policy incomplete on its function', () => {
    const facts = toAccountFacts(
      IDENTITY,
      records({ roles: [role('r')], functions: [fn('f')], resourcePolicies: new Map([['f', { Policy: '{"Version": "2012-10-17", "Statement": ' }]]) }),
    );
    expect(facts.functions[0]?.resourcePolicy).toBeUndefined();
    expect(facts.functions[0]?.incomplete).toEqual([
      { what: 'resource policy of function f', reason: expect.stringMatching(/resource policy of function f/) },
    ]);
  });

  it.each([
    ['trust policy', { AssumeRolePolicyDocument: '%7B%22Version' }, 'trust policy of role r'],
    ['missing trust policy', { AssumeRolePolicyDocument: undefined }, 'trust policy of role r'],
    ['inline policy', { RolePolicyList: [{ PolicyName: 'p', PolicyDocument: '{nope' }] }, 'inline policy p of role r'],
    [
      'boundary',
      { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/gone` } },
      `permissions boundary arn:aws:iam::${A}:policy/gone of role r`,
    ],
  ])('marks an unreadable %s incomplete on the role', (_label, extra, what) => {
    const facts = toAccountFacts(IDENTITY, records({ roles: [role('r', extra as Partial<RoleRecord>)] }));
    const r = facts.roles.get(`arn:aws:iam::${A}:role/r`);
    expect(r?.incomplete.map((i) => i.what)).toEqual([what]);
  });

  it('parses a managed policy used as attachment and as boundary once', () => {
    const arn = `arn:aws:iam::${A}:policy/guard`;
    const managedPolicies = new Map([[arn, { PolicyName: 'guard', Arn: arn, Document: encodeURIComponent(JSON.stringify(TRUST)) }]]);
    const roles = [
      role('a', { AttachedManagedPolicies: [{ PolicyName: 'guard', PolicyArn: arn }] }),
      role('b', { PermissionsBoundary: { PermissionsBoundaryArn: arn, PermissionsBoundaryType: 'Policy' } }),
    ];
    const facts = toAccountFacts(IDENTITY, records({ roles, managedPolicies }));
    const attached = facts.roles.get(`arn:aws:iam::${A}:role/a`)?.policies[0];
    const boundary = facts.roles.get(`arn:aws:iam::${A}:role/b`)?.permissionsBoundary;
    expect(attached?.kind).toBe('customer-managed');
    expect(boundary?.kind).toBe('permissions-boundary');
    expect(attached?.document).toBe(boundary?.document);
  });

  it('matches a function role named in another case (IAM role names are case-insensitive)', () => {
    const facts = toAccountFacts(IDENTITY, records({ roles: [role('Worker')], functions: [fn('f', { Role: `arn:aws:iam::${A}:role/worker` })] }));
    expect(facts.functions[0]?.incomplete).toEqual([]);
  });

  it.each([
    [{ kind: 'function', name: 'f' }, 'function'],
    [{ kind: 'function', name: `arn:aws:lambda:eu-west-1:${A}:function:f` }, 'function'],
    [{ kind: 'role', name: 'r' }, 'role'],
    [{ kind: 'function', name: 'unknown' }, 'account'],
    [{ kind: 'account', name: 'event-source-mappings' }, 'account'],
  ] as const)('puts a read problem about %j on the %s', (subject, where) => {
    const facts = toAccountFacts(
      IDENTITY,
      records({ roles: [role('r')], functions: [fn('f')], problems: [{ subject, what: 'thing (file.json)', reason: 'broken' }] }),
    );
    const lists = {
      function: facts.functions[0]?.incomplete,
      role: facts.roles.get(`arn:aws:iam::${A}:role/r`)?.incomplete,
      account: facts.incomplete,
    };
    for (const [key, list] of Object.entries(lists)) expect(list, key).toHaveLength(key === where ? 1 : 0);
    expect(lists[where]?.[0]?.reason).toBe('broken');
  });

  it('gives the roles that use an unreadable managed policy the real reason', () => {
    const arn = `arn:aws:iam::${A}:policy/secret`;
    const facts = toAccountFacts(
      IDENTITY,
      records({
        roles: [role('r', { AttachedManagedPolicies: [{ PolicyName: 'secret', PolicyArn: arn }] })],
        problems: [{ subject: { kind: 'policy', name: arn }, what: `managed policy (GetPolicy ${arn})`, reason: 'access denied' }],
      }),
    );
    expect(facts.roles.get(`arn:aws:iam::${A}:role/r`)?.incomplete).toEqual([
      { what: `managed policy ${arn} attached to role r`, reason: `managed policy (GetPolicy ${arn}): access denied` },
    ]);
    expect(facts.incomplete).toEqual([]);
  });

  it('flags an unknown function URL AuthType instead of guessing', () => {
    const urlConfigs = new Map([['f', [{ FunctionUrl: 'https://x.lambda-url.eu-west-1.on.aws/', FunctionArn: `arn:aws:lambda:eu-west-1:${A}:function:f`, AuthType: 'CUSTOM' }]]]);
    const facts = toAccountFacts(IDENTITY, records({ functions: [fn('f')], urlConfigs }));
    expect(facts.functions[0]?.functionUrls).toEqual([]);
    expect(facts.functions[0]?.incomplete[0]?.reason).toBe('unknown AuthType "CUSTOM"');
  });
});

describe('toAccountFacts from a snapshot with broken per-function files', () => {
  it('audits the rest and marks the function whose policy file is malformed incomplete', async () => {
    const dir = await copySnapshotFixture();
    await writeFile(join(dir, 'lambda/policies/reports.json'), '{"Policy": 42}');
    await rm(join(dir, 'lambda/event-source-mappings.json'));
    const reader = new SnapshotAccountReader(dir);
    const facts = toAccountFacts(await reader.identity(), await readAccountRecords(reader));
    const reports = facts.functions.find((f) => f.name === 'reports');
    expect(reports?.resourcePolicy).toBeUndefined();
    expect(reports?.incomplete).toEqual([
      {
        what: 'resource policy (lambda/policies/reports.json) of function reports',
        reason: expect.stringMatching(/^expected the JSON output of `aws lambda get-policy --function-name <name>`.*found no Policy/),
        cause: 'failed',
      },
    ]);
    expect(facts.functions.find((f) => f.name === 'orders-api')?.resourcePolicy).toBeDefined();
    expect(facts.incomplete).toEqual([
      { what: 'event source mappings (lambda/event-source-mappings.json)', reason: expect.stringMatching(/file is missing/), cause: 'failed' },
    ]);
  });
});
