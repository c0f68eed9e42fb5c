import { describe, expect, it } from 'vitest';
import type { EventHandlerName } from '../../shared/events/cloudTrailEventTable.ts';
import { eventBridgePatternFor } from '../../shared/events/eventBridgePatternFor.ts';

describe('eventBridgePatternFor', () => {
  it('lists IAM names exactly and drops failed calls', () => {
    expect(eventBridgePatternFor('on-role-change')).toEqual({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventName: [
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
        ],
        errorCode: [{ exists: false }],
      },
    });
  });

  it('matches Lambda names by prefix', () => {
    expect(eventBridgePatternFor('on-function-change').detail.eventName).toEqual([
      { prefix: 'CreateFunction' },
      { prefix: 'UpdateFunctionConfiguration' },
      { prefix: 'AddPermission' },
      { prefix: 'RemovePermission' },
      { prefix: 'CreateFunctionUrlConfig' },
      { prefix: 'UpdateFunctionUrlConfig' },
      { prefix: 'CreateEventSourceMapping' },
      { prefix: 'UpdateEventSourceMapping' },
      { prefix: 'CreateAlias' },
      { prefix: 'UpdateAlias' },
      { prefix: 'DeleteAlias' },
      { prefix: 'PublishVersion' },
      // Not `{ prefix: 'DeleteFunction' }`, which would also route DeleteFunctionConcurrency and others.
      'DeleteFunction',
      { prefix: 'DeleteFunction2' },
    ]);
    expect(eventBridgePatternFor('on-function-change').source).toEqual(['aws.lambda']);
  });

  it('refuses a handler that receives no CloudTrail events', () => {
    expect(() => eventBridgePatternFor('audit' as EventHandlerName)).toThrow(/No CloudTrail events are routed to handler "audit"/);
  });
});
