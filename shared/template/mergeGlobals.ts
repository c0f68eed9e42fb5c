import type { TemplatePositions } from './TemplatePositions.ts';

/**
 * SAM's Globals rule for one function: mappings merge (the function's keys win), lists are the
 * global items followed by the function's, anything else the function's value replaces. Values
 * are not copied, so they keep their template positions.
 */
export function mergeGlobals(globals: Record<string, unknown>, local: Record<string, unknown>, positions?: TemplatePositions): Record<string, unknown> {
  const out: Record<string, unknown> = { ...globals };
  for (const [key, value] of Object.entries(local)) out[key] = key in globals ? mergeValue(globals[key], value, positions) : value;
  positions?.inherit(out, globals, local);
  return out;
}

function mergeValue(global: unknown, local: unknown, positions?: TemplatePositions): unknown {
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  if (isPlainMap(global) && isPlainMap(local)) return mergeGlobals(global, local, positions);
  return local;
}

/** A mapping that is not an intrinsic (`{ Ref: x }` and `{ "Fn::...": ... }` are replaced whole). */
function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return !(keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')));
}
