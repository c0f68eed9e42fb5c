/**
 * `node:util` parseArgs in strict mode, with its errors turned into one-line UsageErrors that name
 * the flag. (Node's own messages span several sentences and talk about positionals.)
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(describeParseError(command, error), command, { cause: error });
  }
}

function describeParseError(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `keycard ${command}: unknown option ${flag ?? message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const positional = /'([^']*)'/.exec(message)?.[1];
      return `keycard ${command}: unexpected argument '${positional ?? message}' (options take the form --name VALUE)`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(message)) {
        return `keycard ${command}: ${flag} needs a value (write ${flag}=VALUE for a value that starts with '-')`;
      }
      if (/argument missing/.test(message)) return `keycard ${command}: ${flag ?? 'an option'} needs a value`;
      return `keycard ${command}: ${flag ?? 'an option'} does not take a value`;
    default:
      return `keycard ${command}: ${message.split('\n')[0]}`;
  }
}
