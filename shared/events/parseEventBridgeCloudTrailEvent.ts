import { cutForMessage } from '../report/cutForMessage.ts';
import { EventParseError } from './errors.ts';
import type { CloudTrailDetail, CloudTrailUserIdentity, EventBridgeCloudTrailEvent } from './types.ts';

const DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * Checks that `event` is an EventBridge "AWS API Call via CloudTrail" event and returns it typed.
 * Throws EventParseError naming the event id and the offending field otherwise. The record is
 * returned as delivered (extra fields kept), never rebuilt.
 */
export function parseEventBridgeCloudTrailEvent(event: unknown): EventBridgeCloudTrailEvent {
  if (!isObject(event)) throw new EventParseError(undefined, '(event)', `is ${describe(event)}, not an object`);
  const detail = event.detail;
  const fallbackId = isObject(detail) && typeof detail.eventID === 'string' ? detail.eventID : undefined;
  const id = typeof event.id === 'string' && event.id !== '' ? event.id : undefined;
  if (id === undefined) throw new EventParseError(fallbackId, 'id', 'is missing');

  for (const key of ['time', 'region', 'account', 'source'] as const) requireString(id, event, key, key);
  if (event['detail-type'] !== DETAIL_TYPE) {
    throw new EventParseError(id, 'detail-type', `is ${describe(event['detail-type'])}, expected "${DETAIL_TYPE}"`);
  }
  if (!isObject(detail)) throw new EventParseError(id, 'detail', `is ${describe(detail)}, not a CloudTrail record`);
  for (const key of ['eventName', 'eventSource', 'eventID'] as const) requireString(id, detail, key, `detail.${key}`);
  if (!isObject(detail.userIdentity)) {
    throw new EventParseError(id, 'detail.userIdentity', `is ${describe(detail.userIdentity)}, not an object`);
  }
  for (const key of ['requestParameters', 'responseElements'] as const) {
    const value = detail[key];
    if (value !== null && value !== undefined && !isObject(value)) {
      throw new EventParseError(id, `detail.${key}`, `is ${describe(value)}, expected an object or null`);
    }
  }
  for (const key of ['errorCode', 'errorMessage'] as const) {
    if (detail[key] !== undefined && typeof detail[key] !== 'string') {
      throw new EventParseError(id, `detail.${key}`, `is ${describe(detail[key])}, expected a string`);
    }
  }

  const typedDetail = {
    ...detail,
    userIdentity: detail.userIdentity as CloudTrailUserIdentity,
    requestParameters: (detail.requestParameters ?? null) as Record<string, unknown> | null,
    responseElements: (detail.responseElements ?? null) as Record<string, unknown> | null,
  } as CloudTrailDetail;
  return { ...(event as Omit<EventBridgeCloudTrailEvent, 'detail'>), detail: typedDetail };
}

function requireString(id: string, object: Record<string, unknown>, key: string, path: string): void {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new EventParseError(id, path, `is ${describe(value)}, expected a non-empty string`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${cutForMessage(value)}"`;
  return `a ${typeof value}`;
}
