import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * The region folders of a snapshot of several regions (`keycard snapshot --regions`): one `iam/`
 * beside one folder per region, each holding that region's `lambda/`. Undefined for a snapshot of
 * one region (`lambda/` at the top).
 */
export async function snapshotRegions(dir: string): Promise<string[] | undefined> {
  const isDir = (path: string) => stat(path).then((s) => s.isDirectory(), () => false);
  if (await isDir(join(dir, 'lambda'))) return undefined;
  if (!(await isDir(join(dir, 'iam')))) return undefined;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const regions: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && REGION.test(entry.name) && (await isDir(join(dir, entry.name, 'lambda')))) regions.push(entry.name);
  }
  return regions.length > 0 ? regions.sort() : undefined;
}
