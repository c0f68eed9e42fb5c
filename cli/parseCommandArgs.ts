/**
 * `node:util` parseArgs in strict mode, with its errors turned into one-line UsageErrors that name
 * the flag. (Node's own messages span several sentences and talk about positionals.)
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { cutForMessage } from '../shared/report/cutForMessage.ts';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, allowPositionals = false) {
  // Node expands `-abc` one letter at a time, in time quadratic in its length: a long single-dash
  // argument (never valid here: the only short flag is -h) is refused before it can stall the CLI.
  const group = argv.find((arg) => /^-[^-]/.test(arg) && arg.length > 64);
  if (group !== undefined) throw new UsageError(`keycard ${command}: unknown option '${cutForMessage(group)}'`, command);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(command, error), command, { cause: error });
  }
  refuseRepeats(command, options, parsed.tokens);
  const { tokens: _tokens, ...result } = parsed;
  return result;
}

/**
 * A flag given twice (`--format json --format sarif`, `--quiet --quiet`) is an error, not "the last
 * wins": only flags declared `multiple` repeat.
 */
function refuseRepeats(command: string, options: Options, tokens: readonly { kind: string; name?: string }[]): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    const option = options[token.name];
    if (option === undefined || option.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`keycard ${command}: --${token.name} is given more than once; give it once`, command);
    seen.add(token.name);
  }
}

function describeParseError(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const found = /'(-[^' ]+)/.exec(message)?.[1];
  const flag = found === undefined ? undefined : cutForMessage(found);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `keycard ${command}: unknown option ${flag ?? cutForMessage(message)}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const positional = /'([^']*)'/.exec(message)?.[1];
      return `keycard ${command}: unexpected argument '${cutForMessage(positional ?? message)}' (options take the form --name VALUE)`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(message)) {
        return `keycard ${command}: ${flag} needs a value (write ${flag}=VALUE for a value that starts with '-')`;
      }
      if (/argument missing/.test(message)) return `keycard ${command}: ${flag ?? 'an option'} needs a value`;
      return `keycard ${command}: ${flag ?? 'an option'} does not take a value`;
    default:
      return `keycard ${command}: ${cutForMessage(message.split('\n')[0] ?? '', 200)}`;
  }
}
