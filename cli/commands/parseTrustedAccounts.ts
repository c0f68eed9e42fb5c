/** `--trusted-accounts 111122223333,444455556666` (repeatable) -> unique 12-digit account ids. */
import { parseIdList } from './parseIdList.ts';

export function parseTrustedAccounts(values: string[], command = 'audit'): string[] {
  return parseIdList(
    values,
    { flag: 'trusted-accounts', pattern: /^[0-9]{12}$/, what: 'a 12-digit AWS account id', hint: 'expected e.g. 111122223333,444455556666' },
    command,
  );
}
