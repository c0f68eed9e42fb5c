import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sendDigest } from '../../shared/alerts/sendDigest.ts';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';
import { FINDINGS } from './loadFixtures.ts';

const sns = mockClient(SNSClient);
const eb = mockClient(EventBridgeClient);
const targets = { sns: new SNSClient({}), eventBridge: new EventBridgeClient({}), topicArn: 'arn:aws:sns:us-east-1:111122223333:keycard-findings' };
const result = (findings = FINDINGS): AuditResult => ({
  findings,
  functions: [],
  summary: { accountId: '111122223333', region: 'us-east-1', functionsEvaluated: 4, rolesEvaluated: 3, findings: findings.length, bySeverity: { critical: 2, high: 0, medium: 1, low: 0, info: 0 }, byCheck: { 'admin-access': 1, 'public-invoke': 1, 'missing-log-permissions': 1 }, worstCaseFunctions: 0 },
});

beforeEach(() => {
  sns.reset();
  eb.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'digest-1' });
  eb.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map(() => ({ EventId: 'e' })) }));
});

describe('sendDigest', () => {
  it('sends one digest and one event per finding', async () => {
    expect(await sendDigest(targets, result())).toEqual({ sent: true, messageId: 'digest-1', findings: 3, events: 3, remediations: 0 });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes?.['kind']?.StringValue).toBe('digest');
  });

  it('sends nothing when the audit found nothing', async () => {
    expect(await sendDigest(targets, result([]))).toEqual({ sent: false, reason: 'no findings' });
    expect(sns.calls()).toHaveLength(0);
    expect(eb.calls()).toHaveLength(0);
  });

  it('can leave the per-finding events out', async () => {
    await sendDigest(targets, result(), { events: false });
    expect(eb.calls()).toHaveLength(0);
  });
});
