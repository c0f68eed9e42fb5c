import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isOwnChange } from '../../shared/remediation/isOwnChange.ts';
import type { CloudTrailUserIdentity } from '../../shared/events/types.ts';
import { OWN_ROLE_ARN } from './loadFixtures.ts';

const reference = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../shared/reference/cloudtrail/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
// A real AssumedRole identity (Terraform's session), re-issued as if Keycard's own role had made the call.
const realAssumed = (reference('eventbridge-envelope.json')['detail'] as { userIdentity: CloudTrailUserIdentity }).userIdentity;
const asOwn: CloudTrailUserIdentity = structuredClone(realAssumed);
asOwn.arn = 'arn:aws:sts::111122223333:assumed-role/keycard-OnRoleChangeFunctionRole-1A2B3C/keycard-on-role-change';
asOwn.sessionContext!.sessionIssuer!.arn = OWN_ROLE_ARN;

describe('isOwnChange', () => {
  it.each<[string, CloudTrailUserIdentity | undefined, boolean]>([
    ["Keycard's own role session (sessionIssuer is a stack role)", asOwn, true],
    ['the same role with a path in the issuer ARN', { ...asOwn, sessionContext: { sessionIssuer: { arn: OWN_ROLE_ARN.replace(':role/', ':role/service-role/') } } }, true],
    ['an assumed-role ARN without sessionContext', { type: 'AssumedRole', arn: asOwn.arn! }, true],
    ['another role (the real Terraform session)', realAssumed, false],
    ['an IAM user', (reference('AttachRolePolicy.json') as { userIdentity: CloudTrailUserIdentity }).userIdentity, false],
    ['a service-linked role acting for IAM Identity Center', (reference('DetachRolePolicy-2.json') as { userIdentity: CloudTrailUserIdentity }).userIdentity, false],
    ['a record without userIdentity', undefined, false],
  ])('%s -> %s', (_name, identity, expected) => {
    expect(isOwnChange(identity, [OWN_ROLE_ARN])).toBe(expected);
  });

  it('never matches when the stack lists no roles', () => {
    expect(isOwnChange(asOwn, [])).toBe(false);
  });
});
