/**
 * `npx tsx bench/calls.ts`: counts the AWS API calls Keycard makes, through the REAL live reader
 * and pipeline, against mocked SDK clients (test/support/mockAwsAccount.ts) serving a synthetic
 * account in real response shapes and page sizes. Prints a table and writes bench/out/calls.json.
 *
 * Targets (issue 3): an audit of N functions costs N GetPolicy + ceil(N/50) ListFunctions + IAM
 * pages, nothing per role; a role-change event for a role with 5 policies costs at most 10 calls plus
 * what finding its functions costs (ListFunctions pages: reported for 100 and 10,000 functions).
 * Issue 9: with the role index warm (filled as a complete audit fills it), a role change finds its
 * function with one DynamoDB BatchGetItem and one GetFunctionConfiguration instead of the listing;
 * target <= 10 AWS calls in all, DynamoDB included. Index cold: the listing fallback, reported.
 * Event rows count DynamoDB calls (the index's; the handler's idempotency records are not part of
 * handleChangeEvent). Misses are printed with the calls that cause them, not hidden.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { createLiveAccountReader } from '../shared/account/live/createLiveAccountReader.ts';
import { forgetPolicyVersionDocuments } from '../shared/account/live/LiveAccountReader.ts';
import { readAccountRecords } from '../shared/account/readAccountRecords.ts';
import type { QualifierMode } from '../shared/account/records.ts';
import type { EventBridgeCloudTrailEvent } from '../shared/events/types.ts';
import { DynamoRoleFunctionIndex } from '../shared/pipeline/DynamoRoleFunctionIndex.ts';
import { handleChangeEvent } from '../shared/pipeline/handleChangeEvent.ts';
import { readHandlerConfig } from '../shared/pipeline/HandlerConfig.ts';
import { runAudit } from '../shared/pipeline/runAudit.ts';
import { account, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY, LOGS_INLINE } from '../test/support/MockAccount.ts';
import type { Doc, MockAccount, MockFunction, MockManagedPolicy, MockRole } from '../test/support/MockAccount.ts';
import { createAwsMock } from '../test/support/mockAwsAccount.ts';

const REGION = 'us-east-1';
const IDENTITY = { accountId: '111122223333', region: REGION, partition: 'aws' };
const aws = createAwsMock();
const config = readHandlerConfig({ FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings', IDEMPOTENCY_TABLE_NAME: 'bench' });
const clients = { iam: new IAMClient({ region: REGION }), sns: new SNSClient({ region: REGION }), eventBridge: new EventBridgeClient({ region: REGION }) };

const customerArn = (i: number) => `arn:aws:iam::111122223333:policy/app-policy-${i}`;
const doc = (action: string): Doc => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

/** N functions, R roles (function i runs as role i mod R), P customer policies spread over the roles. */
function syntheticAccount(n: number, r: number, p: number, extraRoles: MockRole[] = []): MockAccount {
  const policies: MockManagedPolicy[] = [BASIC_EXECUTION_POLICY(), ADMIN_POLICY()];
  for (let i = 0; i < p; i++) policies.push({ arn: customerArn(i), document: doc(`dynamodb:GetItem`), versionId: `v${1 + (i % 3)}` });
  const roles: MockRole[] = Array.from({ length: r }, (_, i) => ({
    name: `app-role-${i}`,
    attached: [BASIC_EXECUTION_ARN, ...(p > 0 ? [customerArn(i % p)] : [])],
    ...(i % 2 === 0 ? { inline: { extra: doc('sqs:SendMessage') } } : {}),
  }));
  const functions: MockFunction[] = Array.from({ length: n }, (_, i) => ({
    name: `app-fn-${String(i).padStart(5, '0')}`,
    role: `app-role-${i % r}`,
    // A third have a resource policy (an S3 trigger); one in 20 a function URL, whose policy says so.
    ...(i % 3 === 0 || i % 20 === 0
      ? {
          resourcePolicy: {
            Version: '2012-10-17',
            Statement: [
              i % 20 === 0
                ? { Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: '*', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } }
                : { Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: '*', Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } } },
            ],
          },
        }
      : {}),
    ...(i % 20 === 0 ? { urls: [{ authType: 'AWS_IAM' as const }] } : {}),
  }));
  return account({ roles: [...roles, ...extraRoles], policies, functions });
}

/** The role a change event is about: five policies, in the mix given. */
function fivePolicyRole(managed: number): { role: MockRole; policies: MockManagedPolicy[] } {
  const policies = Array.from({ length: managed }, (_, i) => ({ arn: `arn:aws:iam::111122223333:policy/orders-${i}`, document: doc('s3:GetObject'), versionId: 'v2' }));
  const inline = Object.fromEntries(Array.from({ length: 5 - managed }, (_, i) => [`inline-${i}`, i === 0 ? LOGS_INLINE : doc('sqs:SendMessage')]));
  return { role: { name: 'orders-api-role', attached: policies.map((p) => p.arn), inline }, policies };
}

interface Row {
  scenario: string;
  total: number;
  calls: Record<string, number>;
  target: string;
  met: boolean;
  excess: string;
}

const sum = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
/** Reads only: what the reader counted (the writes and publishes are not reads). */
const readsOf = (all: Record<string, number>) =>
  Object.fromEntries(Object.entries(all).filter(([api]) => /^(iam|lambda|sts):/.test(api) && !/^lambda:Invoke$|^iam:(Attach|Put)/.test(api)).sort());
/** Reads plus the role index's DynamoDB calls (event rows). */
const eventCallsOf = (all: Record<string, number>) =>
  Object.fromEntries(Object.entries({ ...readsOf(all), ...Object.fromEntries(Object.entries(all).filter(([api]) => api.startsWith('dynamodb:'))) }).sort());
const roleIndex = () => new DynamoRoleFunctionIndex({ client: new DynamoDBClient({ region: REGION }), tableName: 'bench' });

/** The index as a complete audit leaves it: every function under its role, then the marker. */
async function fillIndex(acct: MockAccount): Promise<void> {
  const arnOf = (role: string) => (role.startsWith('arn:') ? role : `arn:aws:iam::${IDENTITY.accountId}:role/${role}`);
  await roleIndex().add(acct.functions.map((fn) => ({ roleArn: arnOf(fn.role), functionArn: `arn:aws:lambda:${REGION}:${IDENTITY.accountId}:function:${fn.name}` })));
  await roleIndex().markComplete(new Date(), 'bench-audit');
}

/** The stack audit's dependencies, with all the time it needs (one invocation). */
function auditDeps(reader: ReturnType<typeof createLiveAccountReader>): Parameters<typeof runAudit>[1] {
  return {
    reader,
    sns: clients.sns,
    eventBridge: clients.eventBridge,
    config,
    identity: IDENTITY,
    remainingTimeMs: () => 900_000,
    continueAudit: async () => {
      throw new Error('the bench gives the audit all the time it needs');
    },
    log: () => undefined,
  };
}

async function auditScenario(n: number, r: number, p: number): Promise<Row> {
  forgetPolicyVersionDocuments();
  const acct = syntheticAccount(n, r, p);
  aws.serve(acct);
  // ListFunctionUrlConfigs is due only where the resource policy mentions function URLs.
  const urlMentions = acct.functions.filter((fn) => JSON.stringify(fn.resourcePolicy ?? {}).includes('InvokeFunctionUrl')).length;
  const reader = createLiveAccountReader({ region: REGION, lambdaRate: Number.POSITIVE_INFINITY });
  const response = await runAudit({}, auditDeps(reader));
  if (response.status !== 'complete') throw new Error('audit did not complete');
  const calls = readsOf(aws.calls());
  const gaad = calls['iam:GetAccountAuthorizationDetails'] ?? 0;
  const expected = {
    'lambda:GetPolicy': n,
    'lambda:ListFunctions': Math.ceil(n / 50),
    'iam:GetAccountAuthorizationDetails': gaad,
    'lambda:ListFunctionUrlConfigs': urlMentions,
  };
  const excess = Object.entries(calls)
    .filter(([api, count]) => count > (expected[api as keyof typeof expected] ?? 0))
    .filter(([api]) => api !== 'lambda:ListEventSourceMappings' || (calls[api] ?? 0) > Math.ceil(n / 100) + 1);
  const total = sum(calls);
  const targetTotal = n + Math.ceil(n / 50) + gaad;
  return {
    scenario: `audit N=${n} R=${r} P=${p}`,
    total,
    calls,
    target: `${n} GetPolicy + ${Math.ceil(n / 50)} ListFunctions + ${gaad} IAM pages = ${targetTotal} (+ ${urlMentions} ListFunctionUrlConfigs where the policy mentions a URL, + region-wide ListEventSourceMappings pages)`,
    met: excess.length === 0,
    excess: excess.map(([api, count]) => `${api} x${count - (expected[api as keyof typeof expected] ?? 0)}`).join(', '),
  };
}

/**
 * Issue 11: an account of N functions, each with 3 published versions and 2 aliases (`live` -> 3,
 * `beta` -> 2), a third with a resource policy on `live` (SAM's AutoPublishAlias puts it there), read
 * with `--qualifiers mode`. Target per mode, for N functions, A aliases, V versions (K of them an alias points at):
 * latest: ceil(N/50) ListFunctions + N GetPolicy; aliases: ceil((N+V)/50) ListFunctions (ALL) +
 * N ListAliases + (N + A + K) GetPolicy; all: the same with (N + A + V) GetPolicy.
 */
async function qualifierScenario(n: number, mode: QualifierMode, via: 'read' | 'stack audit' = 'read'): Promise<Row> {
  forgetPolicyVersionDocuments();
  const s3 = { Version: '2012-10-17', Statement: [{ Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: '*', Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } } }] };
  const functions: MockFunction[] = Array.from({ length: n }, (_, i) => ({
    name: `app-fn-${String(i).padStart(5, '0')}`,
    role: `app-role-${i % 100}`,
    versions: [{ version: '1' }, { version: '2' }, { version: '3' }],
    aliases: [{ name: 'beta', version: '2' }, { name: 'live', version: '3', ...(i % 3 === 0 ? { resourcePolicy: s3 } : {}) }],
  }));
  const roles: MockRole[] = Array.from({ length: 100 }, (_, i) => ({ name: `app-role-${i}`, attached: [BASIC_EXECUTION_ARN] }));
  aws.serve(account({ roles, policies: [BASIC_EXECUTION_POLICY()], functions }));
  const reader = createLiveAccountReader({ region: REGION, lambdaRate: Number.POSITIVE_INFINITY });
  if (via === 'read') await readAccountRecords(reader, { qualifiers: mode });
  else {
    // The stack's audit (AuditQualifiers=mode), chunk by chunk in one invocation: the same reads as one pass.
    const response = await runAudit({}, { ...auditDeps(reader), qualifiers: mode });
    if (response.status !== 'complete') throw new Error('audit did not complete');
  }
  const calls = readsOf(aws.calls());
  const aliases = 2 * n;
  const versions = 3 * n;
  const aliased = 2 * n;
  const expected: Record<string, number> =
    mode === 'latest'
      ? { 'lambda:ListFunctions': Math.ceil(n / 50), 'lambda:GetPolicy': n }
      : {
          'lambda:ListFunctions': Math.ceil((n + versions) / 50),
          'lambda:ListAliases': n,
          'lambda:GetPolicy': n + aliases + (mode === 'all' ? versions : aliased),
        };
  const excess = Object.entries(expected).filter(([api, count]) => (calls[api] ?? 0) > count);
  const lambdaCalls = Object.entries(calls).filter(([api]) => api.startsWith('lambda:')).reduce((a, [, c]) => a + c, 0);
  return {
    scenario: `${via === 'read' ? '--qualifiers' : 'stack audit, AuditQualifiers'} ${mode}: N=${n} x 2 aliases x 3 versions (${lambdaCalls} Lambda calls, ~${Math.ceil(lambdaCalls / 10)} s at the default 10/s)`,
    total: sum(calls),
    calls,
    target: Object.entries(expected).map(([api, count]) => `${api}=${count}`).join(' ') + ' + IAM pages + ListEventSourceMappings pages',
    met: excess.length === 0,
    excess: excess.map(([api, count]) => `${api} x${(calls[api] ?? 0) - count}`).join(', '),
  };
}

function cloudTrailEvent(eventName: string, eventSource: string, requestParameters: Record<string, unknown>): EventBridgeCloudTrailEvent {
  return {
    id: '7b9f0a52-0d5e-4d3a-9a1b-3c4d5e6f7a8b',
    time: '2025-11-18T10:02:14Z',
    region: REGION,
    account: IDENTITY.accountId,
    source: eventSource.startsWith('iam') ? 'aws.iam' : 'aws.lambda',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventName,
      eventSource,
      eventID: 'aa05e11a-b271-4945-b95e-8229451abd81',
      eventTime: '2025-11-18T10:02:14Z',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/jordan' },
      requestParameters,
      responseElements: null,
    },
  };
}

async function eventScenario(label: string, n: number, managed: number, kind: 'role' | 'function', warm = false, index: 'cold' | 'warm' = 'cold'): Promise<Row> {
  const target = fivePolicyRole(managed);
  const acct = syntheticAccount(n, Math.max(1, Math.min(n, 100)), 10, [target.role]);
  acct.policies.push(...target.policies);
  acct.functions.push({ name: 'orders-api', role: 'orders-api-role' });
  aws.serve(acct);
  forgetPolicyVersionDocuments();
  if (index === 'warm') await fillIndex(acct);
  const event =
    kind === 'role'
      ? cloudTrailEvent('AttachRolePolicy', 'iam.amazonaws.com', { roleName: 'orders-api-role', policyArn: target.policies[0]?.arn ?? BASIC_EXECUTION_ARN })
      : cloudTrailEvent('UpdateFunctionConfiguration20150331v2', 'lambda.amazonaws.com', { functionName: 'arn:aws:lambda:us-east-1:111122223333:function:orders-api' });
  const handle = () =>
    handleChangeEvent(event, {
      reader: createLiveAccountReader({ region: REGION, lambdaRate: Number.POSITIVE_INFINITY }),
      ...clients,
      config,
      log: () => undefined,
      retryDelaysMs: [],
      roleIndex: roleIndex(),
    });
  // Warm: a second event in the same container, which remembers immutable policy-version documents.
  if (warm) {
    await handle();
    aws.resetHistory();
  } else if (index === 'warm') {
    aws.resetHistory(); // the index filling is the audit's cost, not the event's
  }
  await handle();
  const calls = eventCallsOf(aws.calls());
  const dynamo = Object.entries(calls).filter(([api]) => api.startsWith('dynamodb:')).reduce((a, [, c]) => a + c, 0);
  // "Finding its functions": the index read or ListFunctions pages (and the cold index's write-back) for a
  // role; GetFunctionConfiguration (and the index write) for a function.
  const findingFunctions = (calls['lambda:ListFunctions'] ?? 0) + (calls['lambda:GetFunctionConfiguration'] ?? 0) + dynamo;
  const rest = sum(calls) - findingFunctions;
  const roleReads = Object.entries(calls).filter(([api]) => api.startsWith('iam:')).reduce((a, [, c]) => a + c, 0);
  // Lambda calls beside finding the functions (in the index-warm row the verifying read is counted too).
  const lambdaCalls =
    Object.entries(calls).filter(([api]) => api.startsWith('lambda:')).reduce((a, [, c]) => a + c, 0) -
    (calls['lambda:ListFunctions'] ?? 0) -
    (indexWarmRoleRow(kind, index) ? 0 : calls['lambda:GetFunctionConfiguration'] ?? 0);
  const limit = 10;
  const indexWarmRole = indexWarmRoleRow(kind, index);
  const met = indexWarmRole ? sum(calls) <= limit : rest <= limit;
  const over = indexWarmRole ? sum(calls) - limit : rest - limit;
  return {
    scenario: `${label}${warm ? ' warm' : ' cold'}${kind === 'role' ? `, index ${index}` : ''} (${managed} managed + ${5 - managed} inline; ${n + 1} fns)`,
    total: sum(calls),
    calls,
    target: indexWarmRole
      ? `<= ${limit} in all, DynamoDB included (finding the function: ${findingFunctions}, ${dynamo} DynamoDB)`
      : kind === 'role'
        ? `<= ${limit} + finding functions (${findingFunctions}: ListFunctions pages${index === 'cold' ? ', the cold index\'s lookup and write-back' : ''})`
        : `<= ${limit} + GetFunctionConfiguration and the index write (${findingFunctions})`,
    met,
    excess: met
      ? ''
      : `${over} over: IAM ${roleReads} (GetRole, ListAttachedRolePolicies, ListRolePolicies, 1 GetRolePolicy per inline, GetPolicy + GetPolicyVersion per managed policy; GetPolicyVersion is skipped in a warm container), Lambda ${lambdaCalls} (GetPolicy + ListEventSourceMappings per function served${indexWarmRole ? ', GetFunctionConfiguration to verify the indexed function' : ''})${indexWarmRole ? `, DynamoDB ${dynamo}` : ''}`,
  };
}

function indexWarmRoleRow(kind: 'role' | 'function', index: 'cold' | 'warm'): boolean {
  return kind === 'role' && index === 'warm';
}

const rows: Row[] = [];
rows.push(await auditScenario(Number(process.env.BENCH_N ?? 1_000), Number(process.env.BENCH_R ?? 3_000), Number(process.env.BENCH_P ?? 500)));
for (const n of [100, 10_000]) {
  for (const managed of [0, 2, 5]) rows.push(await eventScenario('role-change', n, managed, 'role'));
}
for (const managed of [0, 2, 5]) rows.push(await eventScenario('role-change', 10_000, managed, 'role', false, 'warm'));
for (const managed of [2, 5]) rows.push(await eventScenario('role-change', 100, managed, 'role', true));
for (const managed of [2, 5]) rows.push(await eventScenario('role-change', 10_000, managed, 'role', true, 'warm'));
for (const managed of [0, 2, 5]) rows.push(await eventScenario('function-change', 100, managed, 'function'));
for (const managed of [2, 5]) rows.push(await eventScenario('function-change', 100, managed, 'function', true));
for (const mode of ['latest', 'aliases', 'all'] as const) rows.push(await qualifierScenario(Number(process.env.BENCH_QUALIFIED_N ?? 2_000), mode));
for (const mode of ['latest', 'aliases', 'all'] as const) rows.push(await qualifierScenario(Number(process.env.BENCH_QUALIFIED_N ?? 2_000), mode, 'stack audit'));
aws.restore();

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
console.log(`${pad('scenario', 74)} ${pad('calls', 6)} ${pad('target met', 10)} breakdown`);
for (const row of rows) {
  const breakdown = Object.entries(row.calls).map(([api, count]) => `${api}=${count}`).join(' ');
  console.log(`${pad(row.scenario, 74)} ${pad(String(row.total), 6)} ${pad(row.met ? 'yes' : 'NO', 10)} ${breakdown}`);
  console.log(`${pad('', 74)} ${pad('', 6)} ${pad('', 10)} target: ${row.target}${row.excess ? `; excess: ${row.excess}` : ''}`);
}
const outDir = join(import.meta.dirname, 'out');
await mkdir(outDir, { recursive: true });
await writeFile(join(outDir, 'calls.json'), `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
console.log(`\nwrote ${join(outDir, 'calls.json')}`);
