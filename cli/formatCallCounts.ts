/** `{ GetPolicy: 12, ListFunctions: 1 }` -> `14 AWS API calls (GetPolicy 12, ListFunctions 1)`. */
export function formatCallCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return `${total} AWS API call${total === 1 ? '' : 's'} (${entries.map(([api, n]) => `${api} ${n}`).join(', ')})`;
}
