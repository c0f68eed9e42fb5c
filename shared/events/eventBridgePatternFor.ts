import { CLOUDTRAIL_EVENT_TABLE, type EventHandlerName } from './cloudTrailEventTable.ts';

/** One EventBridge content-filter value: an exact string or a `prefix`/`exists` matcher. */
export type EventPatternMatcher = string | { prefix: string } | { exists: boolean };

/** The EventBridge rule pattern for CloudTrail API calls, as template.yaml writes it. */
export interface CloudTrailEventPattern {
  source: string[];
  'detail-type': ['AWS API Call via CloudTrail'];
  detail: {
    eventName: EventPatternMatcher[];
    /** `[{ exists: false }]`: failed calls changed nothing, so they never invoke a handler. */
    errorCode: [{ exists: false }];
  };
}

/**
 * The EventBridge pattern that routes a handler's events, derived from the event table: exact names
 * for IAM, `{ prefix }` for Lambda's versioned names, in table order.
 */
export function eventBridgePatternFor(handler: EventHandlerName): CloudTrailEventPattern {
  const entries = CLOUDTRAIL_EVENT_TABLE.filter((entry) => entry.handler === handler);
  if (entries.length === 0) throw new RangeError(`No CloudTrail events are routed to handler "${handler}"`);
  return {
    source: [...new Set(entries.map((entry) => entry.source))],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: {
      eventName: entries.map((entry) => ('exact' in entry.match ? entry.match.exact : { prefix: entry.match.prefix })),
      errorCode: [{ exists: false }],
    },
  };
}
