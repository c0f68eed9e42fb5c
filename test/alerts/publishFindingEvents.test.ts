import { EventBridgeClient, InternalException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FindingEventsPublishError } from '../../shared/alerts/errors.ts';
import { publishFindingEvents } from '../../shared/alerts/publishFindingEvents.ts';
import type { Finding } from '../../shared/checks/types.ts';
import { TRIGGER, finding } from './loadFixtures.ts';

const eb = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'us-east-1' });
const sleeps: number[] = [];
const meta = { accountId: '111122223333', region: 'us-east-1', trigger: TRIGGER, sleep: async (ms: number) => void sleeps.push(ms), now: new Date('2026-11-29T16:00:00Z') };

const findings = (n: number): Finding[] =>
  Array.from({ length: n }, (_, i) => ({ ...finding('missing-log-permissions'), resourceArn: `arn:aws:lambda:us-east-1:111122223333:function:fn-${i}`, functionArns: [`arn:aws:lambda:us-east-1:111122223333:function:fn-${i}`] }));

const accepted = (entries: PutEventsRequestEntry[] | undefined) => ({ FailedEntryCount: 0, Entries: (entries ?? []).map((_, i) => ({ EventId: `ev-${i}` })) });

beforeEach(() => {
  eb.reset();
  sleeps.length = 0;
});

describe('publishFindingEvents', () => {
  it('sends each finding to the default bus as source keycard / detail-type Keycard Finding, 10 per PutEvents', async () => {
    eb.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => accepted(input.Entries));
    const res = await publishFindingEvents(client, findings(23), meta);
    expect(res).toEqual({ published: 23, attempts: 1 });
    const calls = eb.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    const entry = calls[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ Source: 'keycard', DetailType: 'Keycard Finding', EventBusName: 'default', Time: meta.now, Resources: ['arn:aws:lambda:us-east-1:111122223333:function:fn-0'] });
    const detail = JSON.parse(entry.Detail ?? '');
    expect(detail).toMatchObject({ checkId: 'missing-log-permissions', severity: 'medium', accountId: '111122223333', region: 'us-east-1', trigger: TRIGGER });
    expect(detail.findingId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('retries only the entries EventBridge rejected (FailedEntryCount), with backoff', async () => {
    let call = 0;
    eb.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => {
      call += 1;
      if (call === 1) {
        return {
          FailedEntryCount: 2,
          Entries: [
            { EventId: 'a' },
            { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
            { EventId: 'c' },
            { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal failure' },
          ],
        };
      }
      return accepted(input.Entries);
    });
    const res = await publishFindingEvents(client, findings(4), meta);
    expect(res).toEqual({ published: 4, attempts: 2 });
    const retried = eb.commandCalls(PutEventsCommand)[1]!.args[0].input.Entries!;
    expect(retried.map((e) => JSON.parse(e.Detail ?? '').resourceArn)).toEqual([
      'arn:aws:lambda:us-east-1:111122223333:function:fn-1',
      'arn:aws:lambda:us-east-1:111122223333:function:fn-3',
    ]);
    expect(sleeps).toEqual([200]);
  });

  it('throws a named error listing what was never accepted, instead of dropping it', async () => {
    eb.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => ({
      FailedEntryCount: 1,
      Entries: (input.Entries ?? []).map((_, i) => (i === 0 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : { EventId: `ok-${i}` })),
    }));
    const error = await publishFindingEvents(client, findings(3), { ...meta, maxAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FindingEventsPublishError);
    const e = error as FindingEventsPublishError;
    expect(e.failedEntries).toEqual([{ checkId: 'missing-log-permissions', resourceArn: 'arn:aws:lambda:us-east-1:111122223333:function:fn-0', errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }]);
    expect(e.message).toMatch(/rejected 1 of 3 finding events after 3 attempts \(ThrottlingException\)/);
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('throws when the whole call fails after the SDK retries', async () => {
    eb.on(PutEventsCommand).rejects(new InternalException({ message: 'internal', $metadata: { attempts: 5 } }));
    await expect(publishFindingEvents(client, findings(2), meta)).rejects.toThrow(FindingEventsPublishError);
  });

  it('keeps each request under 256 KiB by starting a new batch early', async () => {
    eb.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => accepted(input.Entries));
    const big = findings(6).map((f) => ({ ...f, detail: 'x'.repeat(60_000) }));
    await publishFindingEvents(client, big, meta);
    const sizes = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!.reduce((n, e) => n + Buffer.byteLength(e.Detail ?? ''), 0));
    expect(sizes.length).toBeGreaterThan(1);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(256 * 1024);
  });
});
