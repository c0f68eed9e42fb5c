import { describe, expect, it } from 'vitest';
import {
  CLOUDTRAIL_EVENT_TABLE,
  IGNORED_CLOUDTRAIL_EVENTS,
  findCloudTrailEventEntry,
  ignoredReasonFor,
  matchValueOf,
} from '../../shared/events/cloudTrailEventTable.ts';

const IAM_EVENTS = [
  'CreateRole',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'UpdateAssumeRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
];

describe('the CloudTrail event table', () => {
  it('routes exactly the IAM events of the spec to on-role-change, matched by exact name', () => {
    const iam = CLOUDTRAIL_EVENT_TABLE.filter((e) => e.source === 'aws.iam');
    expect(iam.map((e) => e.eventName)).toEqual(IAM_EVENTS);
    for (const entry of iam) {
      expect(entry.match).toEqual({ exact: entry.eventName });
      expect(entry.handler).toBe('on-role-change');
      expect(entry.eventSource).toBe('iam.amazonaws.com');
    }
  });

  it.each(CLOUDTRAIL_EVENT_TABLE.filter((e) => e.source === 'aws.lambda'))(
    'matches Lambda event $eventName by its unversioned prefix (or versioned name) and sends it to on-function-change',
    (entry) => {
      expect(Object.keys(entry.match)).toEqual(['prefix' in entry.match ? 'prefix' : 'versioned']);
      expect(entry.eventName.startsWith(matchValueOf(entry.match))).toBe(true);
      expect(entry.eventName.slice(matchValueOf(entry.match).length)).toMatch(/^(\d{8}(v\d+)?)?$/);
      expect(entry.handler).toBe('on-function-change');
      expect(entry.eventSource).toBe('lambda.amazonaws.com');
    },
  );

  it.each(CLOUDTRAIL_EVENT_TABLE)('resolves $eventName back to its own entry (longest prefix wins)', (entry) => {
    expect(findCloudTrailEventEntry(entry.eventName, entry.eventSource)).toBe(entry);
  });

  it('sends every name matched by two overlapping prefixes to one handler, so the EventBridge rule cannot misroute', () => {
    const overlaps: string[] = [];
    for (const a of CLOUDTRAIL_EVENT_TABLE) {
      for (const b of CLOUDTRAIL_EVENT_TABLE) {
        if (a === b || !('prefix' in a.match) || a.eventSource !== b.eventSource) continue;
        if (b.eventName.startsWith(a.match.prefix)) {
          overlaps.push(`${a.match.prefix} ~ ${b.eventName}`);
          expect(a.handler).toBe(b.handler);
        }
      }
    }
    expect(overlaps).toEqual(['CreateFunction ~ CreateFunctionUrlConfig']);
  });

  it('keeps the deliberately ignored events disjoint from the handled ones', () => {
    for (const ignored of IGNORED_CLOUDTRAIL_EVENTS) {
      const name = matchValueOf(ignored.match);
      expect(findCloudTrailEventEntry(name, ignored.eventSource)).toBeUndefined();
      expect(ignoredReasonFor(name, ignored.eventSource)).toBe(ignored.reason);
    }
  });

  it.each([
    ['CreateFunction', 'lambda.amazonaws.com', 'CreateFunction20150331'],
    ['CreateFunctionUrlConfig20211031', 'lambda.amazonaws.com', 'CreateFunctionUrlConfig'],
    ['AddPermission20150331', 'lambda.amazonaws.com', 'AddPermission20150331v2'],
    ['UpdateFunctionConfiguration20150331v3', 'lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2'],
  ])('still routes %s (suffix dropped or changed) by prefix', (name, source, expected) => {
    expect(findCloudTrailEventEntry(name, source)?.eventName).toBe(expected);
  });

  it.each(['DeleteFunction20150331', 'DeleteFunction', 'DeleteFunction20250101'])('routes %s (versioned or bare) to the DeleteFunction entry', (name) => {
    expect(findCloudTrailEventEntry(name, 'lambda.amazonaws.com')?.eventName).toBe('DeleteFunction20150331');
  });

  it.each([
    ['AddPermission', 'sns.amazonaws.com'],
    ['CreateRole', 'lambda.amazonaws.com'],
    ['createrole', 'iam.amazonaws.com'],
    ['CreateRoleX', 'iam.amazonaws.com'],
    ['UpdateFunctionCode20150331v2', 'lambda.amazonaws.com'],
    // DeleteFunction's name starts these, and none deletes a function.
    ['DeleteFunctionConcurrency20171031', 'lambda.amazonaws.com'],
    ['DeleteFunctionEventInvokeConfig', 'lambda.amazonaws.com'],
    ['DeleteFunctionCodeSigningConfig', 'lambda.amazonaws.com'],
    ['DeleteFunctionUrlConfig', 'lambda.amazonaws.com'],
  ])('does not route %s from %s', (name, source) => {
    expect(findCloudTrailEventEntry(name, source)).toBeUndefined();
  });
});
