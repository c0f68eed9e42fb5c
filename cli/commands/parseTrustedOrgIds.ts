/** `--trusted-org-ids o-a1b2c3d4e5,o-f6g7h8i9j0` (repeatable) -> unique AWS Organizations ids. */
import { parseIdList } from './parseIdList.ts';

export function parseTrustedOrgIds(values: string[]): string[] {
  return parseIdList(
    values,
    {
      flag: 'trusted-org-ids',
      pattern: /^o-[a-z0-9]{10,32}$/,
      what: 'an AWS Organizations id',
      hint: "expected e.g. o-a1b2c3d4e5; see 'aws organizations describe-organization'",
    },
    'audit',
  );
}
