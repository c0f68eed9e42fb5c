import type { RecordDefect } from './RecordDefect.ts';

/**
 * Field-by-field type checks for one record read from outside (a snapshot file or an API). Each
 * method returns the value when it has the expected type, `undefined` when it is absent, and
 * otherwise records a defect and returns `undefined`: the caller leaves the field out, so nothing
 * after the boundary ever sees a value of the wrong type.
 */
export class ShapeChecker {
  readonly defects: RecordDefect[] = [];
  readonly #source: string;

  constructor(source: string) {
    this.#source = source;
  }

  defect(field: string, problem: string): void {
    this.defects.push({ source: this.#source, field, problem });
  }

  string(value: unknown, field: string): string | undefined {
    if (value === undefined || typeof value === 'string') return value;
    return this.#wrong(field, 'a string', value);
  }

  object(value: unknown, field: string): Record<string, unknown> | undefined {
    if (value === undefined || isPlainObject(value)) return value;
    return this.#wrong(field, 'an object', value);
  }

  array(value: unknown, field: string): unknown[] | undefined {
    if (value === undefined || Array.isArray(value)) return value;
    return this.#wrong(field, 'an array', value);
  }

  /** A policy document as the APIs return it: a (URL-encoded) JSON string or a decoded object. */
  document(value: unknown, field: string): string | Record<string, unknown> | undefined {
    if (value === undefined || typeof value === 'string' || isPlainObject(value)) return value;
    return this.#wrong(field, 'a policy document (a JSON string or an object)', value);
  }

  /** A list of strings; entries of another type are left out, each reported. */
  strings(value: unknown, field: string): string[] | undefined {
    return this.array(value, field)?.filter((entry, index): entry is string => this.string(entry, `${field}[${index}]`) !== undefined);
  }

  /** A list of objects, each passed to `entry`; entries that are not objects, or that `entry` refuses, are left out. */
  objects<T>(value: unknown, field: string, entry: (item: Record<string, unknown>, at: string) => T | undefined): T[] | undefined {
    const list = this.array(value, field);
    if (list === undefined) return undefined;
    const kept: T[] = [];
    list.forEach((item, index) => {
      const at = `${field}[${index}]`;
      const object = this.object(item ?? null, at);
      const checked = object === undefined ? undefined : entry(object, at);
      if (checked !== undefined) kept.push(checked);
    });
    return kept;
  }

  #wrong(field: string, expected: string, value: unknown): undefined {
    this.defect(field, `expected ${expected}, found ${describeValue(value)}`);
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a string`, `a number (5)`, `null`, `an array`, `an object`: what a field held, never its whole content. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`}`;
}

/**
 * The record with the checked fields replaced: unknown fields pass through untouched (a snapshot
 * written from it stays the CLI's output), a known field whose check failed is left out.
 */
export function withFields(record: Record<string, unknown>, checked: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const [key, value] of Object.entries(checked)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}
