/** Reading template values that may be absent or of the wrong shape, without throwing. */
export type Props = Record<string, unknown>;

export const asProps = (value: unknown): Props => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Props) : {});

export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** `{ Ref: x }` or `{ "Fn::...": ... }`. */
export function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}
