/** Normalises IAM's "one value or a list" fields to a list. */
export function toList(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
