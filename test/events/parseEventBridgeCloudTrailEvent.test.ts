import { describe, expect, it } from 'vitest';
import { EventParseError } from '../../shared/events/errors.ts';
import { parseEventBridgeCloudTrailEvent } from '../../shared/events/parseEventBridgeCloudTrailEvent.ts';
import { EVENTS_DIR, loadEventFiles } from './loadEventFiles.ts';

import { cloudTrailFixture, sampleEvent } from '../support/loadCloudTrailFixture.ts';

const valid = loadEventFiles(EVENTS_DIR).find((f) => f.name === 'AttachRolePolicy')?.event as Record<string, unknown>;
const validDetail = valid.detail as Record<string, unknown>;

describe('parseEventBridgeCloudTrailEvent', () => {
  it.each([
    ['a 2025 IAM envelope (eventVersion 1.11, AssumedRole)', () => sampleEvent('PutRolePolicy.json')],
    ['a 2016 S3 envelope (eventVersion 1.03, Root, keys out of the usual order)', () => cloudTrailFixture('CreateBucket-eventVersion-1.03-root.json')],
  ])('reads %s', (_, load) => {
    const parsed = parseEventBridgeCloudTrailEvent(load());
    expect(parsed['detail-type']).toBe('AWS API Call via CloudTrail');
    expect(parsed.detail.eventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(parsed.detail.userIdentity.accountId).toBe('111122223333');
  });

  it('keeps the record as delivered, null responseElements included', () => {
    const parsed = parseEventBridgeCloudTrailEvent(valid);
    expect(parsed.detail).toEqual(validDetail);
    expect(parsed.detail.responseElements).toBeNull();
  });

  it.each([
    ['a string', 'not json', undefined, '(event)'],
    ['no id', { ...valid, id: undefined }, validDetail.eventID, 'id'],
    ['another detail-type', { ...valid, 'detail-type': 'Scheduled Event' }, valid.id, 'detail-type'],
    ['no region', { ...valid, region: '' }, valid.id, 'region'],
    ['no detail', { ...valid, detail: undefined }, valid.id, 'detail'],
    ['no eventName', { ...valid, detail: { ...validDetail, eventName: 42 } }, valid.id, 'detail.eventName'],
    ['no userIdentity', { ...valid, detail: { ...validDetail, userIdentity: undefined } }, valid.id, 'detail.userIdentity'],
    ['array requestParameters', { ...valid, detail: { ...validDetail, requestParameters: [] } }, valid.id, 'detail.requestParameters'],
    ['numeric errorCode', { ...valid, detail: { ...validDetail, errorCode: 403 } }, valid.id, 'detail.errorCode'],
  ])('rejects an event with %s, naming the event id and the field', (_, event, eventId, path) => {
    let error: unknown;
    try {
      parseEventBridgeCloudTrailEvent(event);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EventParseError);
    expect(error).toMatchObject({ name: 'EventParseError', eventId, path });
    expect((error as Error).message).toContain(path);
  });
});
