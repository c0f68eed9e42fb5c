/**
 * Loop prevention: Keycard's own IAM changes come back as CloudTrail events. They are recognised by
 * the caller: an AssumedRole session whose issuer is one of the stack's roles. (A change the stack
 * makes is also harmless to re-evaluate: planRemediation finds `not-needed`.)
 */
import type { CloudTrailUserIdentity } from '../events/types.ts';
import { sameRole } from './sameRole.ts';

export function isOwnChange(userIdentity: CloudTrailUserIdentity | undefined, ownRoleArns: readonly string[]): boolean {
  if (userIdentity === undefined || userIdentity.type !== 'AssumedRole') return false;
  const issuer = userIdentity.sessionContext?.sessionIssuer?.arn ?? userIdentity.arn;
  if (issuer === undefined) return false;
  return ownRoleArns.some((own) => sameRole(own, issuer));
}
