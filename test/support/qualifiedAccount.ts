/**
 * One account whose exposure hides in aliases and published versions (issue 11), as AWS shapes:
 * - `orders`: $LATEST runs with a least-privilege role; version 2 still runs with an admin role.
 *   Alias `live` -> version 2, with its own public invoke permission (as `add-permission --qualifier
 *   live --principal '*'` leaves it) and an SQS event source mapping on the alias ARN.
 *   Alias `beta` -> version 3 (least privilege), routing 10% to version 2 (admin).
 *   Alias `web` -> $LATEST, with a function URL (AuthType NONE) opened to everyone on the alias.
 *   Alias `hooks` -> version 3, invocable by S3 for any bucket of any account (confused deputy).
 * - `quiet`: no aliases, one version; nothing to report on either.
 */
import type {
  AccountRecords,
  AliasRecord,
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  QualifierMode,
  ResourcePolicyRecord,
  RoleRecord,
} from '../../shared/account/records.ts';
import type { Doc, MockAccount } from './MockAccount.ts';

export const QA_ACCOUNT = '111122223333';
export const QA_REGION = 'eu-west-1';
const LAMBDA = `arn:aws:lambda:${QA_REGION}:${QA_ACCOUNT}:function`;
export const qaArn = (name: string): string => `${LAMBDA}:${name}`;
const roleArn = (name: string): string => `arn:aws:iam::${QA_ACCOUNT}:role/${name}`;

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const LOGS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
};
const SQS_READ = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: '*' }],
};

export const QA_ROLES: RoleRecord[] = [
  {
    RoleName: 'orders-least',
    Arn: roleArn('orders-least'),
    Path: '/',
    AssumeRolePolicyDocument: TRUST,
    RolePolicyList: [{ PolicyName: 'logs', PolicyDocument: LOGS }, { PolicyName: 'queue', PolicyDocument: SQS_READ }],
    AttachedManagedPolicies: [],
  },
  {
    RoleName: 'orders-admin',
    Arn: roleArn('orders-admin'),
    Path: '/',
    AssumeRolePolicyDocument: TRUST,
    RolePolicyList: [{ PolicyName: 'everything', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
    AttachedManagedPolicies: [],
  },
  {
    RoleName: 'quiet-role',
    Arn: roleArn('quiet-role'),
    Path: '/',
    AssumeRolePolicyDocument: TRUST,
    RolePolicyList: [{ PolicyName: 'logs', PolicyDocument: LOGS }],
    AttachedManagedPolicies: [],
  },
];

function config(name: string, version: string, role: string): FunctionConfigurationRecord {
  return {
    FunctionName: name,
    FunctionArn: version === '$LATEST' ? qaArn(name) : qaArn(`${name}:${version}`),
    Role: roleArn(role),
    Runtime: 'nodejs22.x',
    PackageType: 'Zip',
    Version: version,
    TracingConfig: { Mode: 'PassThrough' },
  };
}

export const QA_FUNCTIONS: FunctionConfigurationRecord[] = [config('orders', '$LATEST', 'orders-least'), config('quiet', '$LATEST', 'quiet-role')];
export const QA_VERSIONS: FunctionConfigurationRecord[] = [
  config('orders', '1', 'orders-least'),
  config('orders', '2', 'orders-admin'),
  config('orders', '3', 'orders-least'),
  config('quiet', '1', 'quiet-role'),
];

function alias(fn: string, name: string, version: string, weights?: Record<string, number>): AliasRecord {
  return {
    AliasArn: qaArn(`${fn}:${name}`),
    Name: name,
    FunctionVersion: version,
    Description: '',
    RevisionId: '0c7a3ea0-3c6b-4d7b-9f0e-5f2f6f0c1a11',
    ...(weights === undefined ? {} : { RoutingConfig: { AdditionalVersionWeights: weights } }),
  };
}

export const QA_ALIASES = new Map<string, AliasRecord[]>([
  ['orders', [alias('orders', 'beta', '3', { '2': 0.1 }), alias('orders', 'hooks', '3'), alias('orders', 'live', '2'), alias('orders', 'web', '$LATEST')]],
  ['quiet', []],
]);

/** A Lambda resource policy as GetPolicy returns it (the document is a JSON string). */
function policy(resource: string, statements: Record<string, unknown>[]): ResourcePolicyRecord {
  return {
    Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements.map((s) => ({ Effect: 'Allow', Resource: resource, ...s })) }),
    RevisionId: '5e2a9d4c-0f7e-4d5e-8b7a-3c1d2e4f5a6b',
  };
}

/** Keyed `FunctionName:Qualifier`, as QualifierRecords keeps them. */
export const QA_QUALIFIER_POLICIES = new Map<string, ResourcePolicyRecord>([
  ['orders:live', policy(qaArn('orders:live'), [{ Sid: 'public', Principal: '*', Action: 'lambda:InvokeFunction' }])],
  [
    'orders:web',
    policy(qaArn('orders:web'), [
      { Sid: 'FunctionURLAllowPublicAccess', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } },
    ]),
  ],
  ['orders:hooks', policy(qaArn('orders:hooks'), [{ Sid: 's3', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction' }])],
]);

export const QA_URL_CONFIGS = new Map<string, FunctionUrlConfigRecord[]>([
  [
    'orders',
    [
      {
        FunctionUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/',
        FunctionArn: qaArn('orders:web'),
        AuthType: 'NONE',
        CreationTime: '2025-03-01T10:00:00.000Z',
        LastModifiedTime: '2025-03-01T10:00:00.000Z',
      },
    ],
  ],
]);

export const QA_MAPPINGS: EventSourceMappingRecord[] = [
  {
    UUID: '6f5e4d3c-2b1a-4098-8765-43210fedcba9',
    FunctionArn: qaArn('orders:live'),
    EventSourceArn: `arn:aws:sqs:${QA_REGION}:${QA_ACCOUNT}:orders-queue`,
    State: 'Enabled',
    BatchSize: 10,
  },
];

/** The account's records as a bulk read with `--qualifiers mode` yields them. */
export function qualifiedAccountRecords(mode: QualifierMode = 'all'): AccountRecords {
  return {
    roles: QA_ROLES,
    managedPolicies: new Map(),
    functions: QA_FUNCTIONS,
    resourcePolicies: new Map(),
    urlConfigs: QA_URL_CONFIGS,
    eventSourceMappings: QA_MAPPINGS,
    problems: [],
    qualifiers: {
      mode,
      versions: mode === 'all' ? QA_VERSIONS : mode === 'aliases' ? QA_VERSIONS.filter((v) => ['2', '3'].includes(String(v.Version)) && v.FunctionName === 'orders') : [],
      aliases: mode === 'latest' ? new Map() : QA_ALIASES,
      resourcePolicies: mode === 'latest' ? new Map() : QA_QUALIFIER_POLICIES,
    },
  };
}

/** The same account as a MockAccount, for the live reader through aws-sdk-client-mock. */
export function qualifiedMockAccount(): MockAccount {
  const docOf = (key: string): Doc => JSON.parse(String(QA_QUALIFIER_POLICIES.get(key)?.Policy)) as Doc;
  const inline = (role: RoleRecord): Record<string, Doc> =>
    Object.fromEntries((role.RolePolicyList ?? []).map((p) => [p.PolicyName, p.PolicyDocument as Doc]));
  return {
    accountId: QA_ACCOUNT,
    region: QA_REGION,
    roles: QA_ROLES.map((role) => ({ name: role.RoleName, inline: inline(role) })),
    policies: [],
    functions: [
      {
        name: 'orders',
        role: 'orders-least',
        versions: [{ version: '1' }, { version: '2', role: 'orders-admin' }, { version: '3' }],
        aliases: [
          { name: 'beta', version: '3', weights: { '2': 0.1 } },
          { name: 'hooks', version: '3', resourcePolicy: docOf('orders:hooks') },
          { name: 'live', version: '2', resourcePolicy: docOf('orders:live') },
          { name: 'web', version: '$LATEST', resourcePolicy: docOf('orders:web') },
        ],
        urls: [{ authType: 'NONE', qualifier: 'web' }],
      },
      { name: 'quiet', role: 'quiet-role', versions: [{ version: '1' }] },
    ],
    eventSourceMappings: [{ uuid: '6f5e4d3c-2b1a-4098-8765-43210fedcba9', functionName: 'orders:live', eventSourceArn: `arn:aws:sqs:${QA_REGION}:${QA_ACCOUNT}:orders-queue` }],
  };
}
