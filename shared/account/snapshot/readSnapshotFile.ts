import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { SnapshotFormatError } from '../errors.ts';

/** Largest snapshot file read by default: far above a real account's outputs, far below memory trouble. */
export const DEFAULT_MAX_SNAPSHOT_FILE_BYTES = 256 * 1024 * 1024;

/**
 * The text of one snapshot file, read safely: only a regular file (through symbolic links only when
 * they resolve inside the snapshot), at most `maxBytes`. `undefined` when nothing is at the path;
 * a dangling link, a FIFO, a device, a directory, a link out of the snapshot or an oversized file
 * is a SnapshotFormatError saying so. The file is opened without blocking (a FIFO with no writer
 * would otherwise hang the audit) and judged by the opened handle, so a swap after the checks
 * cannot slip another kind of file in.
 */
export async function readSnapshotFile(root: string, file: string, expected: string, maxBytes = DEFAULT_MAX_SNAPSHOT_FILE_BYTES): Promise<string | undefined> {
  const path = join(root, file);
  const refuse = (problem: string, cause?: unknown) =>
    new SnapshotFormatError(file, `${expected}; ${problem} in snapshot ${root}`, cause === undefined ? undefined : { cause });

  let real: string;
  try {
    real = await realpath(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw refuse(`the file could not be read (${code ?? String(cause)})`, cause);
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) throw refuse('the file is a symbolic link to something that does not exist (a dangling link)');
    return undefined;
  }
  const realRoot = await realRootOf(root);
  if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw refuse(`the file is a symbolic link to ${real}, outside the snapshot; copy the file into the snapshot instead`);
  }

  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    throw refuse(`the file could not be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, cause);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse(`the path is ${kindOf(info)}, not a regular file`);
    const tooBig = () =>
      refuse(`the file is larger than ${maxBytes} bytes, the limit for one snapshot file; raise it with KEYCARD_MAX_FILE_BYTES if the file is genuine`);
    if (info.size > maxBytes) throw tooBig();
    // Read to the end but never past the limit: the size a file reports may not be what it holds.
    const chunks: Buffer[] = [];
    let total = 0;
    // Sized from the reported size (one read for a regular file, plus the one that finds the end):
    // a snapshot holds thousands of small policy files, and a fresh 1 MiB buffer each is mostly GC.
    let chunk = Math.max(4096, Math.min(info.size + 1, 1 << 20));
    for (;;) {
      const { bytesRead, buffer } = await handle.read({ buffer: Buffer.allocUnsafe(Math.min(chunk, maxBytes - total + 1)) });
      chunk = 1 << 16;
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooBig();
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The snapshot's own real path, resolved once per snapshot, not once per file. */
const realRoots = new Map<string, Promise<string>>();
function realRootOf(root: string): Promise<string> {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpath(root).catch(() => root);
    realRoots.set(root, real);
  }
  return real;
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}
