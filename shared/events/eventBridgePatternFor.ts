import { CLOUDTRAIL_EVENT_TABLE, versionedPrefixOf, type EventHandlerName, type EventNameMatch } from './cloudTrailEventTable.ts';

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
 * for IAM, `{ prefix }` for Lambda's versioned names (a `versioned` name: itself and
 * `{ prefix: <name>2 }`), in table order.
 */
export function eventBridgePatternFor(handler: EventHandlerName): CloudTrailEventPattern {
  const entries = CLOUDTRAIL_EVENT_TABLE.filter((entry) => entry.handler === handler);
  if (entries.length === 0) throw new RangeError(`No CloudTrail events are routed to handler "${handler}"`);
  return {
    source: [...new Set(entries.map((entry) => entry.source))],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: {
      eventName: entries.flatMap((entry) => matchersOf(entry.match)),
      errorCode: [{ exists: false }],
    },
  };
}

function matchersOf(match: EventNameMatch): EventPatternMatcher[] {
  if ('exact' in match) return [match.exact];
  if ('prefix' in match) return [{ prefix: match.prefix }];
  return [match.versioned, { prefix: versionedPrefixOf(match.versioned) }];
}
