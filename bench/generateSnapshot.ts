/**
 * Deterministic synthetic account snapshots in the real snapshot format (AWS CLI output shapes),
 * for the benchmark and for a test that keeps this generator honest. Same seed, same bytes.
 * AWS managed policies are small stand-ins with the real ARNs, not AWS's documents.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SyntheticSnapshotOptions {
  functions: number;
  roles?: number;
  customerPolicies?: number;
  seed?: number;
  accountId?: string;
  region?: string;
}

export interface SyntheticSnapshotSummary {
  functions: number;
  roles: number;
  customerPolicies: number;
  resourcePolicies: number;
  urlConfigs: number;
  eventSourceMappings: number;
  bytes: number;
}

/** mulberry32: tiny, fast, good enough to vary a benchmark and fully reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['s3', 'dynamodb', 'sqs', 'sns', 'kinesis', 'events', 'secretsmanager', 'ssm', 'kms', 'logs', 'xray', 'states'];
const VERBS = ['Get', 'Put', 'List', 'Describe', 'Delete', 'Update', 'Send', 'Receive', 'Publish', 'Query'];
const AWS_MANAGED: [string, Record<string, unknown>][] = [
  ['service-role/AWSLambdaBasicExecutionRole', allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], '*')],
  ['service-role/AWSLambdaVPCAccessExecutionRole', allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface'], '*')],
  ['service-role/AWSLambdaSQSQueueExecutionRole', allow(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], '*')],
  ['service-role/AWSLambdaKinesisExecutionRole', allow(['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], '*')],
  ['service-role/AWSLambdaDynamoDBExecutionRole', allow(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], '*')],
  ['AWSXRayDaemonWriteAccess', allow(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'], '*')],
  ['AdministratorAccess', allow(['*'], '*')],
  ['PowerUserAccess', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }, { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:ListRoles'], Resource: '*' }] }],
];

function allow(actions: string[], resource: string): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] };
}

export async function generateSnapshot(dir: string, options: SyntheticSnapshotOptions): Promise<SyntheticSnapshotSummary> {
  const rand = random(options.seed ?? 20261129);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const chance = (p: number): boolean => rand() < p;
  const A = options.accountId ?? '123456789012';
  const R = options.region ?? 'us-east-1';
  const roleCount = options.roles ?? 3000;
  const policyCount = options.customerPolicies ?? 500;
  const fnArn = (name: string): string => `arn:aws:lambda:${R}:${A}:function:${name}`;
  // IAM APIs return documents URL-encoded; the CLI decodes them. Mix both, as snapshots will.
  const maybeEncoded = (doc: Record<string, unknown>): unknown => (chance(0.3) ? encodeURIComponent(JSON.stringify(doc)) : doc);

  const statement = (): Record<string, unknown> => {
    const service = pick(SERVICES);
    const actions = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => `${service}:${pick(VERBS)}${chance(0.2) ? '*' : 'Item'}`);
    const s: Record<string, unknown> = {
      Effect: chance(0.08) ? 'Deny' : 'Allow',
      Action: chance(0.03) ? `${service}:*` : actions,
      Resource: chance(0.25) ? '*' : `arn:aws:${service}:${R}:${A}:resource-${Math.floor(rand() * 5000)}/*`,
    };
    if (chance(0.15)) s.Condition = { StringEquals: { 'aws:ResourceTag/team': `team-${Math.floor(rand() * 40)}` } };
    return s;
  };
  const document = (): Record<string, unknown> => ({
    Version: '2012-10-17',
    Statement: Array.from({ length: 2 + Math.floor(rand() * 7) }, statement),
  });

  const policies: Record<string, unknown>[] = AWS_MANAGED.map(([name, doc]) => ({
    PolicyName: name.slice(name.lastIndexOf('/') + 1),
    Arn: `arn:aws:iam::aws:policy/${name}`,
    Path: name.includes('/') ? '/service-role/' : '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    PolicyVersionList: [{ Document: doc, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2020-01-01T00:00:00Z' }],
  }));
  const customerArns: string[] = [];
  for (let i = 0; i < policyCount; i++) {
    const arn = `arn:aws:iam::${A}:policy/app-policy-${i}`;
    customerArns.push(arn);
    const versions = 1 + Math.floor(rand() * 3);
    policies.push({
      PolicyName: `app-policy-${i}`,
      PolicyId: `ANPA${String(i).padStart(17, '0')}`,
      Arn: arn,
      Path: '/',
      DefaultVersionId: `v${versions}`,
      AttachmentCount: 0,
      IsAttachable: true,
      PolicyVersionList: Array.from({ length: versions }, (_, v) => ({
        Document: maybeEncoded(document()),
        VersionId: `v${versions - v}`,
        IsDefaultVersion: v === 0,
        CreateDate: '2024-01-01T00:00:00Z',
      })),
    });
  }
  const boundaries = customerArns.slice(0, Math.min(20, customerArns.length));

  const roleArns: string[] = [];
  const roles: Record<string, unknown>[] = [];
  for (let i = 0; i < roleCount; i++) {
    const name = `fn-role-${i}`;
    const arn = `arn:aws:iam::${A}:role/service-role/${name}`;
    roleArns.push(arn);
    const principal: Record<string, unknown> = { Service: chance(0.02) ? ['lambda.amazonaws.com', 'ec2.amazonaws.com'] : 'lambda.amazonaws.com' };
    if (chance(0.01)) principal.AWS = `arn:aws:iam::210987654321:root`;
    const attached = [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }];
    if (chance(0.3)) {
      const [path] = pick(AWS_MANAGED.slice(1, chance(0.05) ? 8 : 6));
      attached.push({ PolicyName: path.slice(path.lastIndexOf('/') + 1), PolicyArn: `arn:aws:iam::aws:policy/${path}` });
    }
    for (let c = Math.floor(rand() * 4); c > 0; c--) {
      const p = pick(customerArns);
      if (p) attached.push({ PolicyName: p.slice(p.lastIndexOf('/') + 1), PolicyArn: p });
    }
    roles.push({
      Path: '/service-role/',
      RoleName: name,
      RoleId: `AROA${String(i).padStart(17, '0')}`,
      Arn: arn,
      CreateDate: '2024-01-01T00:00:00Z',
      AssumeRolePolicyDocument: maybeEncoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] }),
      InstanceProfileList: [],
      RolePolicyList: Array.from({ length: Math.floor(rand() * 3) }, (_, p) => ({ PolicyName: `inline-${p}`, PolicyDocument: maybeEncoded(document()) })),
      AttachedManagedPolicies: attached,
      ...(chance(0.1) && boundaries.length > 0
        ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: pick(boundaries) } }
        : {}),
      Tags: [{ Key: 'team', Value: `team-${i % 40}` }],
      RoleLastUsed: {},
    });
  }

  const functions: Record<string, unknown>[] = [];
  const files: [string, unknown][] = [];
  const mappings: Record<string, unknown>[] = [];
  let resourcePolicies = 0;
  let urlConfigs = 0;
  for (let i = 0; i < options.functions; i++) {
    const name = `fn-${String(i).padStart(5, '0')}`;
    const arn = fnArn(name);
    // Some roles serve many functions, most one or none: a skewed pick.
    const role = roleArns[Math.floor(rand() * rand() * roleArns.length)] ?? roleArns[0];
    const fn: Record<string, unknown> = {
      FunctionName: name,
      FunctionArn: arn,
      Runtime: pick(['nodejs22.x', 'python3.13', 'java21', 'nodejs20.x']),
      Role: role,
      Handler: 'index.handler',
      CodeSize: 1000 + Math.floor(rand() * 5_000_000),
      Timeout: 30,
      MemorySize: 512,
      LastModified: '2026-01-01T00:00:00.000+0000',
      Version: '$LATEST',
      VpcConfig: chance(0.15)
        ? { SubnetIds: [`subnet-${i}a`, `subnet-${i}b`], SecurityGroupIds: [`sg-${i}`], VpcId: 'vpc-0bench' }
        : { SubnetIds: [], SecurityGroupIds: [], VpcId: '' },
      Environment: { Variables: { STAGE: 'prod', SECRET_TOKEN: `bench-secret-${i}` } },
      TracingConfig: { Mode: chance(0.3) ? 'Active' : 'PassThrough' },
      PackageType: 'Zip',
      Architectures: ['arm64'],
      LoggingConfig: { LogFormat: 'Text', LogGroup: chance(0.2) ? `/custom/${name}` : `/aws/lambda/${name}` },
    };
    if (chance(0.1)) fn.DeadLetterConfig = { TargetArn: `arn:aws:sqs:${R}:${A}:${name}-dlq` };
    if (chance(0.05)) fn.KMSKeyArn = `arn:aws:kms:${R}:${A}:key/bench-${i}`;
    if (chance(0.03)) fn.FileSystemConfigs = [{ Arn: `arn:aws:elasticfilesystem:${R}:${A}:access-point/fsap-${i}`, LocalMountPath: '/mnt/data' }];
    if (chance(0.2)) fn.Layers = [{ Arn: `arn:aws:lambda:${R}:${A}:layer:shared:${1 + (i % 9)}`, CodeSize: 1000 }];
    functions.push(fn);

    if (chance(0.3)) {
      resourcePolicies++;
      const kind = rand();
      const principal = kind < 0.05 ? '*' : kind < 0.15 ? { AWS: 'arn:aws:iam::210987654321:root' } : { Service: pick(['s3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com', 'apigateway.amazonaws.com']) };
      const stmt: Record<string, unknown> = { Sid: `sid-${i}`, Effect: 'Allow', Principal: principal, Action: 'lambda:InvokeFunction', Resource: arn };
      if (kind >= 0.15 && chance(0.8)) stmt.Condition = { ArnLike: { 'AWS:SourceArn': `arn:aws:s3:::bucket-${i}` }, StringEquals: { 'AWS:SourceAccount': A } };
      files.push([`lambda/policies/${name}.json`, { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [stmt] }), RevisionId: `rev-${i}` }]);
    }
    if (chance(0.05)) {
      urlConfigs++;
      const alias = chance(0.5);
      files.push([`lambda/url-configs/${name}.json`, {
        FunctionUrlConfigs: [{
          FunctionUrl: `https://${name}-bench.lambda-url.${R}.on.aws/`,
          FunctionArn: alias ? `${arn}:live` : arn,
          AuthType: chance(0.5) ? 'NONE' : 'AWS_IAM',
          CreationTime: '2026-01-01T00:00:00.000000Z',
          LastModifiedTime: '2026-01-01T00:00:00.000000Z',
          InvokeMode: 'BUFFERED',
        }],
      }]);
    }
    if (chance(0.2)) {
      const source = pick([`arn:aws:sqs:${R}:${A}:q-${i}`, `arn:aws:kinesis:${R}:${A}:stream/s-${i}`, `arn:aws:dynamodb:${R}:${A}:table/t-${i}/stream/2026-01-01T00:00:00.000`]);
      mappings.push({
        UUID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        BatchSize: 10,
        EventSourceArn: source,
        FunctionArn: chance(0.2) ? `${arn}:live` : arn,
        State: 'Enabled',
        StateTransitionReason: 'USER_INITIATED',
        ...(chance(0.3) ? { DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:${R}:${A}:${name}-failures` } } } : {}),
      });
    }
  }

  files.push(
    ['iam/authorization-details.json', { UserDetailList: [], GroupDetailList: [], RoleDetailList: roles, Policies: policies }],
    ['lambda/functions.json', { Functions: functions }],
    ['lambda/event-source-mappings.json', { EventSourceMappings: mappings }],
  );
  await Promise.all(['iam', 'lambda/policies', 'lambda/url-configs'].map((d) => mkdir(join(dir, d), { recursive: true })));
  let bytes = 0;
  for (const [file, json] of files) {
    const text = `${JSON.stringify(json, null, 4)}\n`; // the CLI's own indentation
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, file), text);
  }
  return { functions: options.functions, roles: roleCount, customerPolicies: policyCount, resourcePolicies, urlConfigs, eventSourceMappings: mappings.length, bytes };
}
