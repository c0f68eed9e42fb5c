import type { RoleFacts } from '../facts/types.ts';

/** Service-linked roles live under /aws-service-role/; AWS owns them and IAM refuses changes anyway. */
export function isServiceLinkedRole(role: Pick<RoleFacts, 'path'>): boolean {
  return role.path.startsWith('/aws-service-role/');
}
