/**
 * A value scan could not work out from the template alone (a parameter without a value, another
 * stack's export, an attribute only known after deployment). Never a grant, never a safeguard.
 */
export class Unresolved {
  constructor(readonly reason: string) {}
}

export const isUnresolved = (value: unknown): value is Unresolved => value instanceof Unresolved;

/** The first unresolved value anywhere inside `value`, if any. */
export function findUnresolved(value: unknown): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnresolved(item);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) {
      const found = findUnresolved(item);
      if (found) return found;
    }
  }
  return undefined;
}
