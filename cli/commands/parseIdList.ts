/** A repeatable, comma-separated list flag of ids (`--trusted-accounts a,b --trusted-accounts c`) -> unique ids. */
import { cutForMessage } from '../../shared/report/cutForMessage.ts';
import { UsageError } from '../errors.ts';

export interface IdListFlag {
  flag: string;
  pattern: RegExp;
  /** What an id is, e.g. `a 12-digit AWS account id`. */
  what: string;
  /** How to write the flag right, e.g. `expected e.g. 111122223333,444455556666`. */
  hint: string;
}

/** Every item must be an id: an empty one (`a,,b`, a trailing comma) is refused, not skipped. */
export function parseIdList(values: string[], spec: IdListFlag, command: string): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    for (const raw of value.split(',')) {
      const id = raw.trim();
      if (spec.pattern.test(id)) {
        ids.add(id);
        continue;
      }
      const problem = id === '' ? `'${cutForMessage(value)}' has an empty item` : `'${cutForMessage(id)}' is not ${spec.what}`;
      throw new UsageError(`keycard ${command}: --${spec.flag} ${problem} (${spec.hint})`, command);
    }
  }
  return [...ids];
}
