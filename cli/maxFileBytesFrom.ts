/** `KEYCARD_MAX_FILE_BYTES`: the largest snapshot file an audit reads, in bytes (decimal digits only). */
import { CliError } from './errors.ts';
import { cutForMessage } from '../shared/report/cutForMessage.ts';

export const MAX_FILE_BYTES_VARIABLE = 'KEYCARD_MAX_FILE_BYTES';

/** Undefined when the variable is unset or empty (the reader's default applies). */
export function maxFileBytesFrom(env: Record<string, string | undefined>): number | undefined {
  const value = env[MAX_FILE_BYTES_VARIABLE];
  if (value === undefined || value === '') return undefined;
  const bytes = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new CliError(`${MAX_FILE_BYTES_VARIABLE} '${cutForMessage(value)}' is not a whole number of bytes above 0 (e.g. 536870912 for 512 MiB)`);
  }
  return bytes;
}
