/** `--trusted-accounts 111122223333,444455556666` (repeatable) -> unique 12-digit account ids. */
import { cutForMessage } from '../../shared/report/cutForMessage.ts';
import { UsageError } from '../errors.ts';

const ACCOUNT_ID = /^[0-9]{12}$/;

/** Every item must be an account id: an empty one (`a,,b`, a trailing comma) is refused, not skipped. */
export function parseTrustedAccounts(values: string[], command = 'audit'): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    for (const raw of value.split(',')) {
      const id = raw.trim();
      if (!ACCOUNT_ID.test(id)) {
        const what = id === '' ? `'${cutForMessage(value)}' has an empty item` : `'${cutForMessage(id)}' is not a 12-digit AWS account id`;
        throw new UsageError(`keycard ${command}: --trusted-accounts ${what} (expected e.g. 111122223333,444455556666)`, command);
      }
      ids.add(id);
    }
  }
  return [...ids];
}
