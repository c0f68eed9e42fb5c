import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_EVENT_TABLE, findCloudTrailEventEntry } from '../../shared/events/cloudTrailEventTable.ts';
import { classifyCloudTrailEvent } from '../../shared/events/classifyCloudTrailEvent.ts';
import { parseAuditRequest } from '../../shared/events/parseAuditRequest.ts';
import { parseEventBridgeCloudTrailEvent } from '../../shared/events/parseEventBridgeCloudTrailEvent.ts';
import { EVENTS_DIR, loadCloudTrailSamples, loadEventFiles } from './loadEventFiles.ts';

const samples = loadCloudTrailSamples();

describe('events/ samples', () => {
  it('has one sample per table entry and nothing else', () => {
    expect(samples.map((s) => s.name).sort()).toEqual(CLOUDTRAIL_EVENT_TABLE.map((e) => e.eventName).sort());
  });

  it.each(samples)('$name is a real-shaped EventBridge envelope that classifies as its table entry says', ({ name, event }) => {
    const parsed = parseEventBridgeCloudTrailEvent(event);
    const entry = findCloudTrailEventEntry(parsed.detail.eventName, parsed.detail.eventSource);
    expect(entry?.eventName).toBe(name);
    expect(parsed.source).toBe(entry?.source);
    expect(parsed.account).toBe('111122223333');
    expect(parsed.detail.recipientAccountId).toBe('111122223333');
    expect(parsed.time).toBe(parsed.detail.eventTime);
    expect(parsed.region).toBe(parsed.detail.awsRegion);
    expect(event).toMatchObject({ version: '0', resources: [] });

    const target = classifyCloudTrailEvent(parsed.detail);
    expect(target.kind).toBe(entry?.target.kind);
    const request = parsed.detail.requestParameters ?? {};
    if (target.kind === 'role') expect(target.roleName).toBe(request.roleName);
    if (target.kind === 'policy') expect(target.policyArn).toBe(request.policyArn);
    if (target.kind === 'function') expect(target.functionName).toBe('orders-api');
  });

  it('puts IAM samples in us-east-1, where IAM events reach EventBridge', () => {
    for (const { event } of samples) {
      const parsed = parseEventBridgeCloudTrailEvent(event);
      if (parsed.source === 'aws.iam') expect(parsed.region).toBe('us-east-1');
    }
  });

  it.each([
    ['audit-all', {}],
    ['audit-some', { functions: ['orders-api', 'arn:aws:lambda:us-east-1:111122223333:function:billing-worker'] }],
  ])('%s.json is a payload the audit function reads', (name, expected) => {
    const file = loadEventFiles(EVENTS_DIR).find((f) => f.name === name);
    expect(file).toBeDefined();
    expect(parseAuditRequest(file?.event)).toEqual(expected);
  });
});
