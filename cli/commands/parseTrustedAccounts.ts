/** `--trusted-accounts 111122223333,444455556666` (repeatable) -> unique 12-digit account ids. */
import { UsageError } from '../errors.ts';

const ACCOUNT_ID = /^\d{12}$/;

export function parseTrustedAccounts(values: string[], command = 'audit'): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    for (const raw of value.split(',')) {
      const id = raw.trim();
      if (id === '' && value.trim() !== '') continue; // tolerate a trailing comma
      if (!ACCOUNT_ID.test(id)) {
        throw new UsageError(
          `keycard ${command}: --trusted-accounts '${id}' is not a 12-digit AWS account id (expected e.g. 111122223333,444455556666)`,
          command,
        );
      }
      ids.add(id);
    }
  }
  return [...ids];
}
