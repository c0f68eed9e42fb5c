import { SnapshotFormatError } from '../errors.ts';
import { readSnapshotFile } from './readSnapshotFile.ts';

/** What a snapshot file should hold, for error messages: a description and the command that makes it. */
export interface SnapshotFileSpec {
  expected: string;
  command: string;
}

/**
 * Reads (safely: readSnapshotFile.ts) and parses one JSON file of a snapshot. `undefined` when the
 * file does not exist (the caller decides whether that is an error); SnapshotFormatError, naming the
 * file relative to the snapshot, when it cannot be read or is not JSON.
 */
export async function readSnapshotJson(
  root: string,
  file: string,
  spec: SnapshotFileSpec,
  maxBytes?: number,
): Promise<unknown> {
  const text = await readSnapshotFile(root, file, spec.expected, maxBytes);
  if (text === undefined) return undefined;
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
