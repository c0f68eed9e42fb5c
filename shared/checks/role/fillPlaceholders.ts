/** Fills `<Placeholder>`s of a remediation command; placeholders without a value stay for the user. */
export function fillPlaceholders(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/<([A-Za-z]+)>/g, (whole, name: string) => values[name] ?? whole);
}

/** Single-quotes a JSON document for a POSIX shell (policy JSON never contains `'`, but be safe). */
export function shellQuoteJson(value: unknown): string {
  return `'${JSON.stringify(value).replace(/'/g, `'\\''`)}'`;
}
