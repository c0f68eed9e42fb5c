import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotFormatError } from '../errors.ts';

/** What a snapshot file should hold, for error messages: a description and the command that makes it. */
export interface SnapshotFileSpec {
  expected: string;
  command: string;
}

/**
 * Reads and parses one JSON file of a snapshot. `undefined` when the file does not exist (the
 * caller decides whether that is an error); SnapshotFormatError, naming the file relative to the
 * snapshot, when it cannot be read or is not JSON.
 */
export async function readSnapshotJson(
  root: string,
  file: string,
  spec: SnapshotFileSpec,
): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(root, file), 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new SnapshotFormatError(
      file,
      `${spec.expected}; the file could not be read (${code ?? String(cause)}) in snapshot ${root}`,
      { cause },
    );
  }
  if (text.trim() === '') {
    // What `aws ... > file` leaves behind when the command failed (e.g. get-policy on a function
    // without a policy, or AccessDenied): not the same as "none", so say so.
    throw new SnapshotFormatError(
      file,
      `${spec.expected}; the file is empty (did \`${spec.command}\` fail?). ` +
        'Delete it if there is nothing to record, or re-create it',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new SnapshotFormatError(
      file,
      `${spec.expected}; the file is not valid JSON (${(cause as Error).message}). ` +
        `Re-create it with \`${spec.command} --output json\``,
      { cause },
    );
  }
}
