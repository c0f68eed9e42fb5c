/**
 * The `detail` of a Keycard Finding event: the finding (same fields as the JSON report) plus where
 * and why it was evaluated, and a stable `findingId` so subscribers can de-duplicate redeliveries.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../checks/types.ts';
import { parseLambdaArn } from '../facts/parseLambdaArn.ts';
import type { FindingEventMeta } from './FindingEventMeta.ts';
import type { AlertTrigger } from './RenderedAlert.ts';

export interface FindingEventDetail extends Finding {
  findingId: string;
  accountId: string;
  region: string;
  trigger: AlertTrigger | null;
}

export function findingEventDetail(f: Finding, meta: Pick<FindingEventMeta, 'accountId' | 'region' | 'trigger'>): FindingEventDetail {
  const findingId = createHash('sha256')
    .update([meta.trigger?.eventId ?? '', f.checkId, f.resourceArn, f.detail].join('\n'))
    .digest('hex')
    .slice(0, 32);
  // A function's finding names the function's region (a role change judges functions of several regions);
  // an account-level finding about one region (a trail missing there) names that region.
  const region = parseLambdaArn(f.resourceArn)?.region ?? f.region ?? meta.region;
  return { ...f, findingId, accountId: meta.accountId, region, trigger: meta.trigger ?? null };
}
