/**
 * runAudit's hand-over between invocations: it always makes progress, hands over a small cursor,
 * resumes after it (a function deleted in between is simply gone), and sends one digest at the end.
 */
import { CloudTrailServiceException, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetPolicyCommand } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import type { AuditContinuation } from '../../shared/pipeline/AuditContinuation.ts';
import { runAudit } from '../../shared/pipeline/runAudit.ts';
import type { AuditDeps } from '../../shared/pipeline/runAudit.ts';
import type { MockAccount } from '../support/MockAccount.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentAlerts, sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];

let handedOver: AuditContinuation[];
function deps(remainingTimeMs: () => number, chunkSize = 2): AuditDeps {
  return {
    reader: createLiveAccountReader({ region: 'us-east-1', lambdaRate: Number.POSITIVE_INFINITY }),
    sns: new SNSClient({ region: 'us-east-1' }),
    eventBridge: new EventBridgeClient({ region: 'us-east-1' }),
    config: { findingsTopicArn: 'arn:aws:sns:us-east-1:111122223333:keycard-findings', trustedAccountIds: [], alertMessageStructure: 'text' },
    identity: { accountId: '111122223333', region: 'us-east-1', partition: 'aws' },
    remainingTimeMs,
    continueAudit: async (continuation) => {
      handedOver.push(JSON.parse(JSON.stringify(continuation)) as AuditContinuation);
    },
    log: () => undefined,
    chunkSize,
    now: () => new Date('2026-11-29T17:00:00Z'),
  };
}

beforeEach(() => {
  handedOver = [];
  aws.serve(
    account({
      roles: [
        { name: 'admin-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
        { name: 'ok-role', attached: [BASIC_EXECUTION_ARN] },
      ],
      policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()],
      functions: names.map((name, i) => ({ name, role: i % 3 === 0 ? 'admin-role' : 'ok-role' })),
    }),
  );
});

const locksRead = () => aws.stubs.lambda.commandCalls(GetPolicyCommand).map((c) => String(c.args[0].input.FunctionName));

describe('runAudit hand-over', () => {
  it('audits one chunk even with no time left, then hands over a cursor after its last function', async () => {
    const response = await runAudit({}, deps(() => 0));
    expect(response).toMatchObject({ status: 'continued', invocation: 1, startAfter: 'bravo', totals: { functionsEvaluated: 2 } });
    expect(locksRead()).toEqual(['alpha', 'bravo']);
    expect(handedOver).toHaveLength(1);
    expect(JSON.stringify(handedOver[0]).length).toBeLessThan(20_000);
    expect(sentAlerts(aws)).toHaveLength(0);
  });

  it('resumes after the cursor; a function deleted in between is simply not there', async () => {
    await runAudit({}, deps(() => 0));
    aws.account.functions = aws.account.functions.filter((fn) => fn.name !== 'charlie');
    aws.resetHistory();
    const second = await runAudit({ continuation: handedOver[0]! }, deps(() => 600_000));

    expect(second).toMatchObject({ status: 'complete', invocations: 2, summary: { functionsEvaluated: 6 } });
    expect(locksRead()).toEqual(['delta', 'echo', 'foxtrot', 'golf']);
    const digests = sentAlerts(aws);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toMatch(/^\[Keycard\] Audit 111122223333 us-east-1: /);
  });

  it('sends no digest when the account is clean', async () => {
    aws.serve(account({ roles: [{ name: 'ok-role', attached: [BASIC_EXECUTION_ARN] }], policies: [BASIC_EXECUTION_POLICY()], functions: [{ name: 'only', role: 'ok-role' }] }));
    const response = await runAudit({}, deps(() => 600_000));
    expect(response).toMatchObject({ status: 'complete', digest: { sent: false, reason: 'no findings' } });
    expect(sentAlerts(aws)).toHaveLength(0);
  });

  it('reports every role finding exactly once when functions are created and deleted between invocations', async () => {
    // admin-role's first function (alpha) is reported in the first chunk, then deleted: its later
    // function (delta) must not report the role again. late-role is first used by hotel; a function
    // created before the cursor (aaron) must not make the audit believe it was already reported.
    const initial = account({
      roles: [
        { name: 'admin-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
        { name: 'late-role', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] },
        { name: 'ok-role', attached: [BASIC_EXECUTION_ARN] },
      ],
      policies: [ADMIN_POLICY(), BASIC_EXECUTION_POLICY()],
      functions: [
        { name: 'alpha', role: 'admin-role' },
        { name: 'bravo', role: 'ok-role' },
        { name: 'charlie', role: 'ok-role' },
        { name: 'delta', role: 'admin-role' },
        { name: 'echo', role: 'admin-role' },
        { name: 'hotel', role: 'late-role' },
        { name: 'india', role: 'late-role' },
      ],
    });
    const roleFindings = () =>
      sentFindingEvents(aws)
        .filter((f) => f.resourceArn.includes(':role/'))
        .map((f) => `${f.checkId} ${f.resourceArn}`)
        .sort();

    aws.serve(initial);
    await runAudit({}, deps(() => 600_000));
    const singlePass = roleFindings();
    expect(singlePass).toContain('admin-access arn:aws:iam::111122223333:role/admin-role');
    expect(singlePass).toContain('admin-access arn:aws:iam::111122223333:role/late-role');

    aws.serve(initial);
    handedOver = [];
    let response = await runAudit({}, deps(() => 0));
    aws.account.functions = [{ name: 'aaron', role: 'late-role' }, ...aws.account.functions.filter((fn) => fn.name !== 'alpha')];
    while (response.status === 'continued') response = await runAudit({ continuation: handedOver.at(-1)! }, deps(() => 0));

    expect(handedOver.length).toBeGreaterThan(1);
    const chunked = roleFindings();
    expect(chunked).toEqual(singlePass);

    // The same as a single pass over the account as it is at the end, too.
    const final = structuredClone(aws.account);
    aws.serve(final);
    await runAudit({}, deps(() => 600_000));
    expect(roleFindings()).toEqual(chunked);
  });
});

describe('runAudit and the trail (issue 9, item 6)', () => {
  const clean = (trails: MockAccount['trails']) =>
    aws.serve({ ...account({ roles: [{ name: 'ok-role', attached: [BASIC_EXECUTION_ARN] }], policies: [BASIC_EXECUTION_POLICY()], functions: [{ name: 'only', role: 'ok-role' }] }), trails });
  const TOP = /^WARNING: .*\(no-management-events-trail\)/;
  const flat = (text: string) => text.replace(/\s+/g, ' ');

  it('says nothing when a trail delivers management events in the region', async () => {
    clean([{ name: 'org-trail', homeRegion: 'eu-west-1', multiRegion: true }]);
    const response = await runAudit({}, deps(() => 600_000));
    expect(response).toMatchObject({ status: 'complete', digest: { sent: false } });
  });

  it.each([
    ['absent', [], 'high', 'no trail'],
    ['stopped', [{ name: 'management-events', logging: false }], 'high', 'is not logging'],
    ['logging without management events', [{ name: 'data-only', managementEvents: false }], 'high', 'exclude write management events'],
  ])('reports a trail %s at the top of the digest and as its own finding', async (_name, trails, severity, words) => {
    clean(trails);
    const response = await runAudit({}, deps(() => 600_000));
    expect(response).toMatchObject({ status: 'complete', summary: { byCheck: { 'no-management-events-trail': 1 } } });
    const [digest, ...more] = sentAlerts(aws);
    expect(more).toEqual([]);
    expect(digest!.checkIds).toContain('no-management-events-trail');
    const top = flat(digest!.email.split('\n\n')[1]!);
    expect(top).toMatch(TOP);
    expect(top).toContain(words);
    expect(digest!.email).toContain(`${severity.toUpperCase()} no-management-events-trail on account 111122223333`);
  });

  it('reports trails that could not be read, naming the permission', async () => {
    clean(undefined);
    aws.fail('cloudtrail:DescribeTrails', new CloudTrailServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not authorized' }));
    await runAudit({}, deps(() => 600_000));
    const [digest] = sentAlerts(aws);
    expect(flat(digest!.email.split('\n\n')[1]!)).toMatch(TOP);
    expect(flat(digest!.email)).toContain('allow cloudtrail:DescribeTrails');
    expect(digest!.email).toContain('MEDIUM no-management-events-trail');
  });

  it('reads the trail once per audit, in its first invocation, and reports it once', async () => {
    clean([]);
    aws.account.functions = names.map((name) => ({ name, role: 'ok-role' })) as typeof aws.account.functions;
    aws.serve({ ...aws.account });
    await runAudit({}, deps(() => 0));
    const second = await runAudit({ continuation: handedOver[0]! }, deps(() => 600_000, 100));
    expect(second).toMatchObject({ status: 'complete', invocations: 2, summary: { byCheck: { 'no-management-events-trail': 1 } } });
    expect(aws.stubs.cloudtrail.commandCalls(DescribeTrailsCommand)).toHaveLength(1);
  });
});


describe('runAudit with a mute list', () => {
  const ADMIN_ROLE = 'arn:aws:iam::111122223333:role/admin-role';
  const mute = (expires: string) => ({ checkId: 'admin-access', arn: ADMIN_ROLE, expires, reason: 'break-glass role, reviewed' });

  it('counts muted findings in the summary and the digest, across chunks and invocations, and publishes none of them', async () => {
    const withMutes = { ...deps(() => 0), mutes: [mute('2099-01-01')] };
    let response = await runAudit({}, withMutes);
    while (response.status === 'continued') response = await runAudit({ continuation: handedOver.at(-1)! }, withMutes);
    expect(response.status).toBe('complete');
    if (response.status !== 'complete') return;
    expect(response.summary.muted).toBe(1);
    expect(response.summary.byCheck['admin-access']).toBe(0);
    expect(sentFindingEvents(aws).map((e) => e.checkId)).not.toContain('admin-access');
    expect(sentAlerts(aws).at(-1)?.email.replace(/\s+/g, ' ')).toContain('1 more finding muted by the mute list (MuteListParameter)');
  });

  it('an expired mute mutes nothing and is named in the digest', async () => {
    const response = await runAudit({}, { ...deps(() => 600_000), mutes: [mute('2020-01-01')] });
    expect(response.status === 'complete' && response.summary.byCheck['admin-access']).toBe(1);
    expect(sentAlerts(aws).at(-1)?.email.replace(/\s+/g, ' ')).toContain(`Mute expired on 2020-01-01, no longer muting: admin-access on ${ADMIN_ROLE}.`);
  });
});
