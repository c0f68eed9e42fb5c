/**
 * How a chunked audit remembers that a role's findings were already reported: a short SHA-256
 * prefix of the lower-cased role ARN. The continuation carries one per reported role; at 15 hex
 * digits (60 bits) 5,000 roles take ~90 KB of the 256 KB async payload and a collision between two
 * of them has odds near 1 in 10^11.
 */
import { createHash } from 'node:crypto';

export function reportedRoleKey(roleArn: string): string {
  return createHash('sha256').update(roleArn.toLowerCase()).digest('hex').slice(0, 15);
}
