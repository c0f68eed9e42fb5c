/** `--trusted-org-ids o-a1b2c3d4e5,o-f6g7h8i9j0` (repeatable) -> unique AWS Organizations ids. */
import { UsageError } from '../errors.ts';

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

export function parseTrustedOrgIds(values: string[]): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    for (const raw of value.split(',')) {
      const id = raw.trim();
      if (id === '' && value.trim() !== '') continue; // tolerate a trailing comma
      if (!ORG_ID.test(id)) {
        throw new UsageError(
          `keycard audit: --trusted-org-ids '${id}' is not an AWS Organizations id (expected e.g. o-a1b2c3d4e5; see 'aws organizations describe-organization')`,
          'audit',
        );
      }
      ids.add(id);
    }
  }
  return [...ids];
}
