/**
 * The real audit handler on a mocked account of 120 functions: small chunks and a remaining-time
 * that runs out force continuations (async self-invokes). Feeding each continuation back to the
 * handler must audit every function exactly once and end with the same counts as one single-pass
 * evaluateAccount of the same account.
 */
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { InvokeCommand, GetFunctionConfigurationCommand, GetPolicyCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY, EC2_TRUST, LOGS_INLINE } from '../support/MockAccount.ts';
import type { Doc, MockAccount, MockFunction, MockRole } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());

const FUNCTIONS = 120;
const ROLES = 40;
const WILDCARD = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

/** A mixed account: shared roles (so a role's functions span chunks), admin, missing logs, wildcards, public locks. */
function bigAccount(): MockAccount {
  const roles: MockRole[] = Array.from({ length: ROLES }, (_, r) => ({
    name: `role-${String(r).padStart(2, '0')}`,
    attached: r % 10 === 0 ? [ADMIN_ARN, BASIC_EXECUTION_ARN] : r % 7 === 0 ? [] : [BASIC_EXECUTION_ARN],
    inline: (r % 5 === 0 ? { wide: WILDCARD } : r % 7 === 0 ? {} : { logs: LOGS_INLINE }) as Record<string, Doc>,
  }));
  roles.push({ name: 'ec2-only', trust: EC2_TRUST, attached: [ADMIN_ARN] });
  // Listed in reverse name order: the audit must not depend on ListFunctions' order.
  const functions: MockFunction[] = Array.from({ length: FUNCTIONS }, (_, i) => FUNCTIONS - 1 - i).map((i) => ({
    name: `fn-${String(i).padStart(3, '0')}`,
    role: `role-${String(i % ROLES).padStart(2, '0')}`,
    ...(i % 17 === 0
      ? { resourcePolicy: { Version: '2012-10-17', Statement: [{ Sid: 'p', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:111122223333:function:fn-${String(i).padStart(3, '0')}` }] } }
      : {}),
    ...(i % 23 === 0 ? { urls: [{ authType: 'NONE' as const }] } : {}),
    // Every 11th: version 1 published with an admin role, behind a public alias; and an unused version 2.
    ...(i % 11 === 0
      ? {
          versions: [{ version: '1', role: 'role-10' }, { version: '2' }],
          aliases: [
            {
              name: 'live',
              version: '1',
              resourcePolicy: { Version: '2012-10-17', Statement: [{ Sid: 'a', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:111122223333:function:fn-${String(i).padStart(3, '0')}:live` }] },
            },
          ],
        }
      : {}),
  }));
  return account({ roles, policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()], functions });
}

/** `plenty` answers per invocation, then less than the 90 s reserve: forces a hand-over. */
function runningOutContext(plenty: number) {
  let asked = 0;
  return lambdaContext('audit', () => (++asked <= plenty ? 600_000 : 30_000));
}

const payloadOf = (call: { args: [{ input: { Payload?: unknown } }] }): unknown => {
  const payload = call.args[0].input.Payload;
  return JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload as Uint8Array).toString('utf8'));
};

beforeEach(() => {
  vi.restoreAllMocks();
  captureLogs();
  aws.serve(bigAccount());
});

describe('audit handler', () => {
  it('continues in new invocations of itself and audits every function exactly once, with single-pass counts', async () => {
    const handler = await importHandler('audit', { AUDIT_CHUNK_SIZE: '10', AUDIT_API_RATE: '1000000' });
    const responses = [];
    let event: unknown = sampleEvent('audit-all.json');
    for (let invocation = 1; invocation <= 20; invocation++) {
      const response = await handler(event, runningOutContext(3));
      responses.push(response);
      if (response.status === 'complete') break;
      const invokes = aws.stubs.lambda.commandCalls(InvokeCommand);
      expect(invokes).toHaveLength(invocation);
      const last = invokes.at(-1)!;
      expect(last.args[0].input).toMatchObject({
        FunctionName: 'arn:aws:lambda:us-east-1:111122223333:function:keycard-audit',
        InvocationType: 'Event',
      });
      event = payloadOf(last as never);
    }

    // 4 chunks of 10 per invocation (3 "plenty" answers after the first chunk): 120 functions, 3 invocations.
    expect(responses.map((r) => r.status)).toEqual(['continued', 'continued', 'complete']);
    const final = responses.at(-1)!;
    expect(final.invocations).toBe(3);

    // Every function's lock, and each alias's and kept version's, read exactly once across all
    // invocations: nothing twice, nothing skipped (the default qualifiers, aliases: version 2 is not kept).
    const locksRead = aws.stubs.lambda.commandCalls(GetPolicyCommand).map((c) => `${String(c.args[0].input.FunctionName)}:${String(c.args[0].input.Qualifier ?? '')}`);
    const aliased = Math.ceil(FUNCTIONS / 11);
    expect(locksRead).toHaveLength(FUNCTIONS + 2 * aliased);
    expect(new Set(locksRead).size).toBe(FUNCTIONS + 2 * aliased);
    expect(locksRead.filter((lock) => lock.endsWith(':2'))).toEqual([]);

    // One digest, at the end.
    const alerts = sentAlerts(aws);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.input.MessageAttributes?.['kind']?.StringValue).toBe('digest');

    // The same account in one pass.
    const records = await readAccountRecords(createLiveAccountReader({ lambdaRate: Number.POSITIVE_INFINITY }), { qualifiers: 'aliases' });
    const single = evaluateAccount(toAccountFacts({ accountId: '111122223333', region: 'us-east-1', partition: 'aws' }, records), { trustedAccountIds: [] });
    expect(final.summary).toEqual(single.summary);
    expect(single.summary.findings).toBeGreaterThan(20);
    expect(final.summary).toMatchObject({ qualifiers: 'aliases', aliasesEvaluated: aliased, versionsEvaluated: aliased });
    // The public alias running version 1's admin role is seen (and is worst case).
    expect(single.findings.some((f) => f.checkId === 'public-invoke' && f.resourceArn.endsWith(':fn-011:live'))).toBe(true);

    // Each finding went to EventBridge once, in whichever chunk reported it.
    const key = (f: { checkId: string; resourceArn: string }) => `${f.checkId} ${f.resourceArn}`;
    const emitted = sentFindingEvents(aws).map(key).sort();
    expect(emitted).toEqual(single.findings.map(key).sort());
  });

  it('audits the whole account in one invocation when time allows', async () => {
    const handler = await importHandler('audit', { AUDIT_CHUNK_SIZE: '50', AUDIT_API_RATE: '1000000' });
    const response = await handler({}, lambdaContext('audit', () => 600_000));
    expect(response).toMatchObject({ status: 'complete', invocations: 1, summary: { functionsEvaluated: FUNCTIONS } });
    expect(aws.stubs.lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    // ceil(120 / 50) ListFunctions pages.
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(3);
  });

  it('audits only the functions a manual {"functions": [...]} names (names or ARNs)', async () => {
    aws.serve(
      account({
        roles: [
          { name: 'orders-api-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
          { name: 'billing-role', attached: [BASIC_EXECUTION_ARN] },
        ],
        policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()],
        functions: [
          { name: 'orders-api', role: 'orders-api-role' },
          { name: 'billing-worker', role: 'billing-role' },
          { name: 'not-asked', role: 'orders-api-role' },
        ],
      }),
    );
    const handler = await importHandler('audit', { AUDIT_API_RATE: '1000000' });
    const response = await handler(sampleEvent('audit-some.json'), lambdaContext('audit'));

    expect(response).toMatchObject({ status: 'complete', summary: { functionsEvaluated: 2, rolesEvaluated: 2 } });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName).sort()).toEqual([
      'arn:aws:lambda:us-east-1:111122223333:function:billing-worker',
      'orders-api',
    ]);
    const [digest] = sentAlerts(aws);
    expect(digest?.subject).toBe('[Keycard] Audit 111122223333 us-east-1: 1 finding (1 critical)');
    expect(digest?.email).toMatch(/admin-access/);
  });

  it('reads every watched region (WATCHED_REGIONS) on its own client, IAM once, one digest naming them', async () => {
    const single = await importHandler('audit', { AUDIT_CHUNK_SIZE: '50', AUDIT_API_RATE: '1000000' });
    await single({}, lambdaContext('audit', () => 600_000));
    const iamPages = aws.stubs.iam.commandCalls(GetAccountAuthorizationDetailsCommand).length;
    aws.serve(bigAccount());

    const handler = await importHandler('audit', { AUDIT_CHUNK_SIZE: '50', AUDIT_API_RATE: '1000000', WATCHED_REGIONS: 'eu-west-1' });
    const response = await handler({}, lambdaContext('audit', () => 600_000));
    expect(response.status).toBe('complete');
    const regionOf = (call: { thisValue: unknown }) => (call.thisValue as LambdaClient).config.region();
    const listed = await Promise.all(aws.stubs.lambda.commandCalls(ListFunctionsCommand).map(regionOf));
    expect([...new Set(listed)].sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(aws.stubs.iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(iamPages);
    const [digest] = sentAlerts(aws);
    expect(digest?.subject).toMatch(/^\[Keycard\] Audit 111122223333 eu-west-1,us-east-1: /);
    expect(digest?.email).toContain('By region');
  });

  it('rejects a continuation it did not write', async () => {
    const handler = await importHandler('audit');
    await expect(handler({ continuation: { auditId: 'x' } }, lambdaContext('audit'))).rejects.toThrow(/not one Keycard wrote/);
  });
});
