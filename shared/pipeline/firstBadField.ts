/**
 * Checks a payload Keycard handed itself (a continuation) field by field, so a hand-edited or
 * truncated one is refused with the field named. The checks are shared by every continuation parser.
 */

export type FieldCheck = (value: unknown) => boolean;

export const isString: FieldCheck = (value) => typeof value === 'string';
export const isCount: FieldCheck = (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const listOf = (item: FieldCheck): FieldCheck => (value) => Array.isArray(value) && value.every(item);
export const optional = (check: FieldCheck): FieldCheck => (value) => value === undefined || check(value);

/** The first dotted path of `fields` (`totals.findings`) whose value in `root` fails its check; undefined when all pass. */
export function firstBadField(root: Record<string, unknown>, fields: readonly (readonly [string, FieldCheck])[]): string | undefined {
  return fields.find(([path, check]) => !check(valueAt(root, path)))?.[0];
}

function valueAt(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) value = isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  return value;
}
