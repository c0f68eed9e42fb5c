/** Any error -> the one line printed on stderr: what was wrong, where, and what to do. */
import { AccountReadError, SnapshotWriteError } from '../shared/account/errors.ts';
import { cutForMessage } from '../shared/report/cutForMessage.ts';
import { CliError, UsageError } from './errors.ts';

export function describeError(error: unknown, env: Record<string, string | undefined> = {}): string {
  if (error instanceof UsageError) {
    const help = error.command ? `keycard ${error.command} --help` : 'keycard --help';
    return oneLine(`${error.message} (see '${help}')`);
  }
  if (error instanceof CliError) return oneLine(`keycard: ${error.message}`);
  if (error instanceof SnapshotWriteError) return oneLine(`keycard: --out ${error.message}`);
  if (error instanceof AccountReadError) return oneLine(`keycard: cannot read the account: ${error.message}`);
  const err = error instanceof Error ? error : new Error(String(error));
  // SDK errors (missing credentials or region, network) and bugs alike: name them, keep one line.
  const line = oneLine(`keycard: ${err.name}: ${err.message}`);
  return env.KEYCARD_DEBUG ? `${line}\n${err.stack ?? ''}` : line;
}

/** One line, never a wall of text, and nothing from the input (file names, values) can drive the terminal. */
function oneLine(text: string): string {
  return cutForMessage(text.replace(/\s*\n\s*/g, ' ').trim(), MAX_LINE);
}

/** Longer than any message Keycard writes itself: only echoed input can reach it. */
const MAX_LINE = 1_000;
