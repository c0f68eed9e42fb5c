/**
 * Every finding as its own event on the default bus (`source: keycard`, `detail-type: Keycard
 * Finding`), so other automation can subscribe. PutEvents takes 10 entries and 256 KiB per call and
 * may accept some entries and reject others (FailedEntryCount): rejected entries are retried with
 * backoff, and any still rejected make this throw FindingEventsPublishError (the event is retried,
 * then dead-lettered) rather than being dropped.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Finding } from '../checks/types.ts';
import { FindingEventsPublishError } from './errors.ts';
import type { FindingEventMeta } from './FindingEventMeta.ts';
import { findingEventDetail } from './findingEventDetail.ts';

export const FINDING_EVENT_SOURCE = 'keycard';
export const FINDING_EVENT_DETAIL_TYPE = 'Keycard Finding';
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

export async function publishFindingEvents(
  eventBridge: EventBridgeClient,
  findings: readonly Finding[],
  meta: FindingEventMeta,
): Promise<{ published: number; attempts: number }> {
  const time = meta.now ?? new Date();
  const entries = findings.map((f) => ({ finding: f, entry: entryFor(f, meta, time) }));
  const maxAttempts = meta.maxAttempts ?? 4;
  const sleep = meta.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let pending = entries;
  let attempts = 0;
  let lastErrors = new Map<PutEventsRequestEntry, { errorCode: string; errorMessage: string }>();
  while (pending.length > 0 && attempts < maxAttempts) {
    if (attempts > 0) await sleep((meta.baseDelayMs ?? 200) * 2 ** (attempts - 1));
    attempts += 1;
    lastErrors = new Map();
    const failed: typeof pending = [];
    for (const batch of batches(pending)) {
      let res;
      try {
        res = await eventBridge.send(new PutEventsCommand({ Entries: batch.map((b) => b.entry) }));
      } catch (error) {
        // The SDK already retried throttling and 5xx; a whole-call failure is not partial: give up now.
        throw new FindingEventsPublishError(
          `PutEvents failed for ${batch.length} finding events (${error instanceof Error ? error.name : 'UnknownError'}); the invocation fails so the event is retried, then dead-lettered.`,
          batch.map((b) => ({ checkId: b.finding.checkId, resourceArn: b.finding.resourceArn, errorCode: error instanceof Error ? error.name : 'UnknownError', errorMessage: String(error) })),
          { cause: error },
        );
      }
      if ((res.FailedEntryCount ?? 0) === 0) continue;
      batch.forEach((b, i) => {
        const r = res.Entries?.[i];
        // Entries[i] answers request entry i; one without an EventId was not accepted.
        if (r === undefined || r.ErrorCode !== undefined || r.EventId === undefined) {
          failed.push(b);
          lastErrors.set(b.entry, { errorCode: r?.ErrorCode ?? 'MissingResult', errorMessage: r?.ErrorMessage ?? 'no result entry' });
        }
      });
    }
    pending = failed;
  }
  if (pending.length > 0) {
    const failedEntries = pending.map((p) => ({
      checkId: p.finding.checkId,
      resourceArn: p.finding.resourceArn,
      ...(lastErrors.get(p.entry) ?? { errorCode: 'Unknown', errorMessage: '' }),
    }));
    throw new FindingEventsPublishError(
      `EventBridge rejected ${pending.length} of ${entries.length} finding events after ${attempts} attempts ` +
        `(${[...new Set(failedEntries.map((f) => f.errorCode))].join(', ')}); the invocation fails so the event is retried, then dead-lettered.`,
      failedEntries,
    );
  }
  return { published: entries.length, attempts };
}

function entryFor(f: Finding, meta: FindingEventMeta, time: Date): PutEventsRequestEntry {
  return {
    Source: FINDING_EVENT_SOURCE,
    DetailType: FINDING_EVENT_DETAIL_TYPE,
    EventBusName: meta.eventBusName ?? 'default',
    Time: time,
    // ARNs of the resources the finding is about, so rules can match on `resources`.
    Resources: [...new Set([f.resourceArn, ...f.functionArns])].slice(0, 20),
    Detail: JSON.stringify(findingEventDetail(f, meta)),
  };
}

/** The size PutEvents counts for an entry (AWS's documented formula). */
function entrySize(e: PutEventsRequestEntry): number {
  const b = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));
  return 14 + b(e.Source) + b(e.DetailType) + b(e.Detail) + (e.Resources ?? []).reduce((n, r) => n + b(r), 0);
}

function batches<T extends { entry: PutEventsRequestEntry }>(items: T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = entrySize(item.entry);
    if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + size > MAX_REQUEST_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
