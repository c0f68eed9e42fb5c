import { escapeControl } from './escapeControl.ts';

/**
 * A value from the input as quoted in an error message: control characters escaped, at most `max`
 * characters, the length of the rest said instead of echoing it (a 100,000-digit argument or a 1 MB
 * name stays one short line).
 */
export function cutForMessage(value: string, max = 40): string {
  const shown = value.length <= max ? value : `${value.slice(0, max)}…`;
  return value.length <= max ? escapeControl(shown) : `${escapeControl(shown)} (${value.length} characters)`;
}
