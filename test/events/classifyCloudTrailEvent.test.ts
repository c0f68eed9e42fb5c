import { describe, expect, it } from 'vitest';
import { classifyCloudTrailEvent } from '../../shared/events/classifyCloudTrailEvent.ts';
import { EventParseError } from '../../shared/events/errors.ts';
import { parseEventBridgeCloudTrailEvent } from '../../shared/events/parseEventBridgeCloudTrailEvent.ts';
import type { CloudTrailDetail } from '../../shared/events/types.ts';
import { EVENTS_DIR, FIXTURES_DIR, loadEventFiles } from './loadEventFiles.ts';

function detailOf(dir: string, name: string): CloudTrailDetail {
  const file = loadEventFiles(dir).find((f) => f.name === name);
  if (!file) throw new Error(`no event file ${name} in ${dir}`);
  return parseEventBridgeCloudTrailEvent(file.event).detail;
}
const sample = (name: string) => detailOf(EVENTS_DIR, name);
const fixture = (name: string) => detailOf(FIXTURES_DIR, name);
const FN_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:orders-api';

describe('classifyCloudTrailEvent', () => {
  it.each([
    ['CreateRole', { kind: 'role', roleName: 'orders-api-role' }],
    ['AttachRolePolicy', { kind: 'role', roleName: 'orders-api-role' }],
    ['DeleteRolePermissionsBoundary', { kind: 'role', roleName: 'orders-api-role' }],
    ['CreatePolicyVersion', { kind: 'policy', policyArn: 'arn:aws:iam::111122223333:policy/orders-data-access' }],
    ['SetDefaultPolicyVersion', { kind: 'policy', policyArn: 'arn:aws:iam::111122223333:policy/orders-data-access' }],
    ['CreateFunction20150331', { kind: 'function', functionName: 'orders-api', functionArn: FN_ARN }],
    // requestParameters.functionName is a full ARN here; the response name wins.
    ['UpdateFunctionConfiguration20150331v2', { kind: 'function', functionName: 'orders-api', functionArn: FN_ARN }],
    // Qualified name, no response: the qualifier is kept, no ARN can be built.
    ['RemovePermission20150331v2', { kind: 'function', functionName: 'orders-api', qualifier: 'live' }],
    ['UpdateFunctionUrlConfig', { kind: 'function', functionName: 'orders-api', functionArn: FN_ARN }],
    // Only the response ARN names the function.
    ['UpdateEventSourceMapping20150331', { kind: 'function', functionName: 'orders-api', functionArn: FN_ARN }],
    // Deletions name the function only (no response): its index entries are forgotten, nothing is read.
    ['DeleteFunction20150331', { kind: 'function', functionName: 'orders-api', deletion: 'forget' }],
    ['DeleteAlias20150331', { kind: 'function', functionName: 'orders-api', qualifier: 'beta', deletion: 'forget-then-evaluate' }],
  ])('reads the target of %s', (name, expected) => {
    expect(classifyCloudTrailEvent(sample(name))).toEqual(expected);
  });

  it.each([
    ['AttachRolePolicy-AccessDenied', /AttachRolePolicy call failed \(AccessDenied\)/],
    ['CreatePolicyVersion-not-default', /without setAsDefault/],
    ['UpdateFunctionCode20150331v2', /code update changes neither/],
    ['DeleteFunctionUrlConfig', /can only close a door/],
    // DeleteFunction's name is a prefix of this one's: it must not pass for a deleted function.
    ['DeleteFunctionConcurrency20171031', /DeleteFunctionConcurrency20171031 from lambda.amazonaws.com is not an event Keycard handles/],
    ['sns-AddPermission', /AddPermission from sns.amazonaws.com is not an event Keycard handles/],
  ])('ignores %s and says why', (name, reason) => {
    const target = classifyCloudTrailEvent(fixture(name));
    expect(target.kind).toBe('ignored');
    expect(target.kind === 'ignored' && target.reason).toMatch(reason);
  });

  it('reads the published version DeleteFunction --qualifier deleted', () => {
    const detail = sample('DeleteFunction20150331');
    const target = classifyCloudTrailEvent({ ...detail, requestParameters: { ...detail.requestParameters, qualifier: '3' } });
    expect(target).toEqual({ kind: 'function', functionName: 'orders-api', qualifier: '3', deletion: 'forget' });
  });

  it('takes a qualifier from requestParameters.qualifier over the name', () => {
    const detail = sample('AddPermission20150331v2');
    const target = classifyCloudTrailEvent({ ...detail, requestParameters: { ...detail.requestParameters, qualifier: 'prod' } });
    expect(target).toMatchObject({ kind: 'function', functionName: 'orders-api', qualifier: 'prod' });
  });

  it('builds an unqualified ARN from a version-suffixed response ARN', () => {
    const detail = sample('CreateFunction20150331');
    const target = classifyCloudTrailEvent({
      ...detail,
      responseElements: { ...detail.responseElements, functionName: undefined, functionArn: `${FN_ARN}:1`, version: '1' },
    });
    expect(target).toEqual({ kind: 'function', functionName: 'orders-api', functionArn: FN_ARN });
  });

  it('throws EventParseError with the CloudTrail event id when a routed event lacks its id field', () => {
    const detail = sample('PutRolePolicy');
    const broken = { ...detail, requestParameters: { policyName: 'x' } };
    expect(() => classifyCloudTrailEvent(broken)).toThrow(EventParseError);
    try {
      classifyCloudTrailEvent(broken);
    } catch (error) {
      expect(error).toMatchObject({ name: 'EventParseError', eventId: detail.eventID, path: 'requestParameters.roleName' });
    }
  });

  it('throws EventParseError when the function id is not a Lambda name or ARN', () => {
    const detail = sample('RemovePermission20150331v2');
    expect(() =>
      classifyCloudTrailEvent({ ...detail, requestParameters: { functionName: 'arn:aws:sqs:us-east-1:111122223333:q' } }),
    ).toThrow(/not a Lambda function name or ARN/);
  });
});
