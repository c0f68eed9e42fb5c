/**
 * A field of an AWS record that did not have the type AWS documents. The record is kept without
 * that field, and the defect travels with it (see defectsOf) until the facts turn it into one
 * `evaluation-incomplete` naming where it came from, the item and the field.
 */
export interface RecordDefect {
  /** Where the record was read: a snapshot file (`iam/authorization-details.json`) or an API call. */
  source: string;
  /** Path of the field inside the record, e.g. `RolePolicyList[2].PolicyDocument`. */
  field: string;
  /** What was wrong, e.g. `expected an array, found a string`. */
  problem: string;
}

/**
 * Kept under a symbol: object spreads copy it (records are spread on their way to the facts), JSON
 * does not (a snapshot written from a record stays the AWS CLI's shape).
 */
const DEFECTS = Symbol('keycard.recordDefects');

/** The record with its defects attached (the same object, for chaining). */
export function withDefects<T extends object>(record: T, defects: readonly RecordDefect[]): T {
  if (defects.length > 0) Object.defineProperty(record, DEFECTS, { value: [...defects], enumerable: true, configurable: true });
  return record;
}

/** The defects found when the record was checked at the boundary; none for a well-typed record. */
export function defectsOf(record: object): readonly RecordDefect[] {
  return ((record as Record<symbol, unknown>)[DEFECTS] as RecordDefect[] | undefined) ?? [];
}
