/** A flag given twice is an error, not "the last one wins": `--profile a --profile b` is ambiguous. */
import { UsageError } from '../errors.ts';

export function rejectRepeatedFlags(command: string, argv: readonly string[], flags: readonly string[]): void {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  for (const flag of flags) {
    const count = args.filter((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`)).length;
    if (count > 1) throw new UsageError(`keycard ${command}: --${flag} is given ${count} times; give it once`, command);
  }
}
