/** A value as quoted in an error message: at most `max` characters, the rest counted, never echoed whole. */
export function cutForMessage(value: string, max = 40): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}
