import { describe, expect, it } from 'vitest';
import { isOwnChange } from '../../shared/remediation/isOwnChange.ts';
import type { CloudTrailUserIdentity } from '../../shared/events/types.ts';
import { OWN_ROLE_ARN } from './loadFixtures.ts';

import { cloudTrailFixture, sampleEvent } from '../support/loadCloudTrailFixture.ts';

type WithIdentity = { userIdentity: CloudTrailUserIdentity };
// An AssumedRole identity (a Terraform deploy session), re-issued as if Keycard's own role had made the call.
const realAssumed = sampleEvent<{ detail: WithIdentity }>('PutRolePolicy.json').detail.userIdentity;
const asOwn: CloudTrailUserIdentity = structuredClone(realAssumed);
asOwn.arn = 'arn:aws:sts::111122223333:assumed-role/keycard-OnRoleChangeFunctionRole-1A2B3C/keycard-on-role-change';
asOwn.sessionContext!.sessionIssuer!.arn = OWN_ROLE_ARN;

describe('isOwnChange', () => {
  it.each<[string, CloudTrailUserIdentity | undefined, boolean]>([
    ["Keycard's own role session (sessionIssuer is a stack role)", asOwn, true],
    ['the same role with a path in the issuer ARN', { ...asOwn, sessionContext: { sessionIssuer: { arn: OWN_ROLE_ARN.replace(':role/', ':role/service-role/') } } }, true],
    ['an assumed-role ARN without sessionContext', { type: 'AssumedRole', arn: asOwn.arn! }, true],
    ['another role (a Terraform deploy session)', realAssumed, false],
    ['an IAM user', sampleEvent<{ detail: WithIdentity }>('AttachRolePolicy.json').detail.userIdentity, false],
    ['a service-linked role acting for IAM Identity Center', cloudTrailFixture<WithIdentity>('DetachRolePolicy-by-service-linked-role.json').userIdentity, false],
    ['a record without userIdentity', undefined, false],
  ])('%s -> %s', (_name, identity, expected) => {
    expect(isOwnChange(identity, [OWN_ROLE_ARN])).toBe(expected);
  });

  it('never matches when the stack lists no roles', () => {
    expect(isOwnChange(asOwn, [])).toBe(false);
  });
});
