/**
 * `npx tsx bench/organizationHub.ts`: the call and time budget of the hub's organization audit
 * (template.yaml OrganizationMode=true): the REAL audit handler (createHandlerRuntime + makeAuditHandler,
 * STS AssumeRole of each member's KeycardReadRole, Organizations ListAccounts) against a mocked
 * organization (test/support/mockAwsAccount.ts serving several accounts: each call answered as the
 * account whose credentials signed it). Writes bench/out/organization-hub.json.
 *
 * Calls are counted with the Lambda rate limit lifted (AUDIT_API_RATE very high, no latency): the exact
 * budget per account and in the hub. The time is then worked out, not waited for: each account's
 * Lambda calls at the audit's share of AuditApiRate (10 x 1/2 = 5/s by default), AUDIT_ACCOUNT_CONCURRENCY
 * accounts at a time, in invocations of 15 minutes less the 90 s hand-over reserve. It is a projection
 * from the counted calls, and says so.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import type { Context } from 'aws-lambda';
import { createHandlerRuntime } from '../shared/pipeline/createHandlerRuntime.ts';
import { makeAuditHandler } from '../shared/pipeline/makeAuditHandler.ts';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY, ADMIN_ARN, ADMIN_POLICY } from '../test/support/MockAccount.ts';
import type { MockAccount } from '../test/support/MockAccount.ts';
import { createAwsMock } from '../test/support/mockAwsAccount.ts';

const ACCOUNTS = Number(process.env.ORG_ACCOUNTS ?? 100);
const FUNCTIONS = Number(process.env.ORG_FUNCTIONS ?? 200);
const HUB = '111122223333';
const DEFAULT_RATE = 10 * 0.5; // AuditApiRate default x the audit's LAMBDA_RATE_SHARE (template.yaml)
const INVOCATION_SECONDS = 900 - 90; // the audit's timeout less runAudit's hand-over reserve

Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  POWERTOOLS_METRICS_DISABLED: 'true',
});
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;

/** A member account: FUNCTIONS functions over FUNCTIONS/4 roles, one in ten public with an admin role. */
function member(id: string): MockAccount {
  const roles = Array.from({ length: Math.max(1, FUNCTIONS / 4) }, (_, r) => ({ name: `role-${r}`, attached: r % 10 === 0 ? [ADMIN_ARN, BASIC_EXECUTION_ARN] : [BASIC_EXECUTION_ARN] }));
  const functions = Array.from({ length: FUNCTIONS }, (_, i) => ({
    name: `fn-${String(i).padStart(4, '0')}`,
    role: `role-${i % roles.length}`,
    ...(i % 10 === 0
      ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Sid: 'anyone', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${id}:function:fn-${String(i).padStart(4, '0')}` }] } }
      : {}),
  }));
  return account({ accountId: id, roles, policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()], functions });
}

const aws = createAwsMock();
const members = Array.from({ length: ACCOUNTS }, (_, i) => member(String(200000000000 + i)));
aws.serve([account({ accountId: HUB }), ...members]);
aws.stubs.organizations.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
  const ids = [HUB, ...members.map((m) => m.accountId)];
  const start = Number(input.NextToken ?? 0);
  const page = ids.slice(start, start + 20);
  return { Accounts: page.map((Id) => ({ Id, Name: `account-${Id}`, State: 'ACTIVE', Status: 'ACTIVE' })), ...(start + 20 < ids.length ? { NextToken: String(start + 20) } : {}) };
});

const runtime = createHandlerRuntime('keycard-audit', {
  ...process.env,
  FINDINGS_TOPIC_ARN: `arn:aws:sns:us-east-1:${HUB}:keycard-findings`,
  IDEMPOTENCY_TABLE_NAME: 'keycard-idempotency',
  ORGANIZATION_MODE: 'true',
  AUDIT_ACCOUNT_CONCURRENCY: '4',
  // Counting, not waiting: the rate limiter's budget lifted.
  AUDIT_API_RATE: '1000000',
  LAMBDA_RATE_SHARE: '1',
});
const handler = makeAuditHandler(runtime);
const context = {
  functionName: 'keycard-audit',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${HUB}:function:keycard-audit`,
  getRemainingTimeInMillis: () => 900_000,
} as unknown as Context;

const started = performance.now();
const response = await handler({}, context);
const wallSeconds = (performance.now() - started) / 1000;
if (response.status !== 'complete' || !('accounts' in response)) throw new Error(`bench: the organization audit did not complete in one invocation (${response.status})`);
const unread = response.accounts.filter((a) => a.status !== 'audited');
if (unread.length > 0) throw new Error(`bench: ${unread.length} accounts not audited (${unread[0]!.reason})`);

const count = (keep: (account: string) => boolean) => {
  const counts: Record<string, number> = {};
  for (const call of aws.callLog) if (keep(call.account)) counts[call.api] = (counts[call.api] ?? 0) + 1;
  return counts;
};
const inMembers = count((a) => a !== HUB);
const perAccount = Object.fromEntries(Object.entries(inMembers).map(([api, c]) => [api, c / ACCOUNTS]));
const perAccountTotal = Object.values(perAccount).reduce((a, b) => a + b, 0);
const lambdaPerAccount = Object.entries(perAccount).filter(([api]) => api.startsWith('lambda:')).reduce((s, [, c]) => s + c, 0);
// ListAccounts is stubbed beside the per-account answers: counted from its stub.
const inHub = { ...count((a) => a === HUB), 'organizations:ListAccounts': aws.stubs.organizations.commandCalls(ListAccountsCommand).length };
const accountSeconds = lambdaPerAccount / DEFAULT_RATE;
const projection = Object.fromEntries(
  [4, 8, 20].map((concurrency) => {
    const seconds = Math.ceil(ACCOUNTS / concurrency) * accountSeconds;
    return [concurrency, { minutes: Math.round(seconds / 60), invocations: Math.ceil(seconds / INVOCATION_SECONDS) }];
  }),
);

// What each finished account adds to the continuation an invocation hands the next (async payloads: 256 KB at most).
const continuationBytesPerAccount = Math.ceil(
  response.accounts.reduce((bytes, a) => bytes + JSON.stringify(a).length + JSON.stringify({ id: a.accountId, name: a.name, status: 'ACTIVE' }).length + 2, 0) / response.accounts.length,
);
const line = (label: string, value: string) => console.log(`${label.padEnd(46)} ${value}`);
console.log(`hub organization audit: ${ACCOUNTS} member accounts x ${FUNCTIONS} functions (mocked organization)\n`);
line('calls per member account', `${perAccountTotal} (${Object.entries(perAccount).map(([a, c]) => `${a} ${c}`).join(', ')})`);
line('  of them Lambda (rate-limited per account)', String(lambdaPerAccount));
line('calls in the hub account', `${Object.values(inHub).reduce((a, b) => a + b, 0)} (${Object.entries(inHub).map(([a, c]) => `${a} ${c}`).join(', ')})`);
line('total calls', String(aws.callLog.length));
line('CPU-bound run (no latency, no rate limit)', `${wallSeconds.toFixed(1)} s, ${response.summary.findings} findings, 1 digest`);
line('continuation bytes per finished account', `${continuationBytesPerAccount} (256 KB holds ~${Math.floor((256 * 1024 - 16 * 1024) / continuationBytesPerAccount)} accounts)`);
line('projected at AuditApiRate 10 (5 Lambda calls/s)', `${accountSeconds.toFixed(0)} s per account; ${Object.entries(projection).map(([c, p]) => `concurrency ${c}: ~${p.minutes} min in ${p.invocations} invocation(s)`).join('; ')}`);

const outDir = join(import.meta.dirname, 'out');
await mkdir(outDir, { recursive: true });
await writeFile(
  join(outDir, 'organization-hub.json'),
  `${JSON.stringify({ node: process.version, accounts: ACCOUNTS, functionsPerAccount: FUNCTIONS, continuationBytesPerAccount, perAccount, perAccountTotal, lambdaPerAccount, inHub, totalCalls: aws.callLog.length, wallSeconds, projection }, null, 2)}\n`,
);
console.log(`\nwrote ${join(outDir, 'organization-hub.json')}`);
aws.restore();
