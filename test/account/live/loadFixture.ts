import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Timestamp members the SDK deserializes to Date (JSON fixtures hold them as strings). */
const SDK_DATE_KEYS = new Set(['CreateDate', 'UpdateDate', 'LastUsedDate']);

/**
 * A recorded SDK v3 response from fixtures/, shaped as the SDK returns it: IAM documents still
 * URL-encoded, IAM timestamps as Date objects (event source mappings' LastModified too).
 */
export function loadFixture<T = Record<string, unknown>>(path: string): T {
  const text = readFileSync(fileURLToPath(new URL(`fixtures/${path}`, import.meta.url)), 'utf8');
  const isMappings = path.includes('event-source-mappings');
  return JSON.parse(text, (key, value: unknown) =>
    typeof value === 'string' && (SDK_DATE_KEYS.has(key) || (isMappings && key === 'LastModified'))
      ? new Date(value)
      : value,
  ) as T;
}

/** A raw fixture file's text (HTTP bodies). */
export function fixtureText(path: string): string {
  return readFileSync(fileURLToPath(new URL(`fixtures/${path}`, import.meta.url)), 'utf8');
}
