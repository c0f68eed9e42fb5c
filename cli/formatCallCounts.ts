/**
 * `{ GetPolicy: 12, ListFunctions: 1 }` -> `13 AWS API calls (GetPolicy 12, ListFunctions 1)`, plus
 * `; 3 retries, 2 throttled` when the reader counts those (the live one does).
 */
export function formatCallCounts(counts: Record<string, number>, stats?: { retries: number; throttles: number }): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const calls = `${total} AWS API call${total === 1 ? '' : 's'} (${entries.map(([api, n]) => `${api} ${n}`).join(', ')})`;
  if (stats === undefined) return calls;
  return `${calls}; ${stats.retries} retr${stats.retries === 1 ? 'y' : 'ies'}, ${stats.throttles} throttled`;
}
