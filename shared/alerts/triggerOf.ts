/**
 * The AlertTrigger of a CloudTrail record (EventBridge `detail`): who changed what, when, from where.
 * Tolerant of the record shapes seen in practice (no userIdentity.arn for some service calls).
 */
import type { AlertTrigger } from './RenderedAlert.ts';

export interface CloudTrailRecordLike {
  eventName?: string;
  eventID?: string;
  eventTime?: string;
  sourceIPAddress?: string;
  userIdentity?: { arn?: string; type?: string; invokedBy?: string; principalId?: string };
}

export function triggerOf(detail: CloudTrailRecordLike): AlertTrigger {
  const who = detail.userIdentity;
  const actorArn = who?.arn ?? who?.invokedBy ?? (who?.type !== undefined ? `${who.type} ${who.principalId ?? ''}`.trim() : 'unknown caller');
  return {
    eventName: detail.eventName ?? 'unknown event',
    eventId: detail.eventID ?? 'unknown',
    eventTime: detail.eventTime ?? 'unknown time',
    actorArn,
    ...(detail.sourceIPAddress === undefined ? {} : { sourceIp: detail.sourceIPAddress }),
  };
}
