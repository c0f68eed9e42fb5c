import { SnapshotFormatError } from '../errors.ts';
import { isObject } from './isObject.ts';
import type { SnapshotFileSpec } from './readSnapshotJson.ts';

/**
 * The items of one list key (`Functions`, `EventSourceMappings`, ...) across an AWS CLI output:
 * a single object as the CLI prints it, or a JSON array of pages as one may save them from the SDK.
 * A last page that says more results follow is refused: an audit of part of an account would
 * report "nothing found" for the rest.
 */
export function listItemsOfPages(
  json: unknown,
  key: string,
  file: string,
  spec: SnapshotFileSpec,
): unknown[] {
  const pages = Array.isArray(json) ? json : [json];
  if (pages.length === 0) {
    throw new SnapshotFormatError(file, `${spec.expected}; the file holds an empty array`);
  }
  const items: unknown[] = [];
  pages.forEach((page, index) => {
    const where = Array.isArray(json) ? ` (page ${index + 1})` : '';
    if (!isObject(page) || !Array.isArray(page[key])) {
      throw new SnapshotFormatError(
        file,
        `${spec.expected}; found ${describe(page)}${where} without a ${key} array`,
      );
    }
    for (const item of page[key] as unknown[]) items.push(item);
  });
  const last = pages[pages.length - 1] as Record<string, unknown>;
  if (last.IsTruncated === true || typeof last.NextToken === 'string' || typeof last.NextMarker === 'string') {
    throw new SnapshotFormatError(
      file,
      `${spec.expected}; the file holds only part of the results (its last page says more follow). ` +
        `Run \`${spec.command}\` without --max-items/--no-paginate, or save every page in a JSON array`,
    );
  }
  return items;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value).slice(0, 5);
  return keys.length ? `an object with keys ${keys.join(', ')}` : 'an empty object';
}
