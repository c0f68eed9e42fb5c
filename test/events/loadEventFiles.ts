import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** events/ (samples users invoke with) and test/events/fixtures/ (events Keycard must ignore). */
export const EVENTS_DIR = fileURLToPath(new URL('../../events/', import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface EventFile {
  /** File name without `.json`. */
  name: string;
  event: unknown;
}

export function loadEventFiles(dir: string): EventFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ name: file.slice(0, -'.json'.length), event: JSON.parse(readFileSync(dir + file, 'utf8')) as unknown }));
}

/** CloudTrail samples in events/ (everything but the audit function's payloads). */
export function loadCloudTrailSamples(): EventFile[] {
  return loadEventFiles(EVENTS_DIR).filter((file) => !file.name.startsWith('audit-'));
}
