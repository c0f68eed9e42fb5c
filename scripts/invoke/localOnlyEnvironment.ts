/**
 * What a local run needs that only a deployed stack has. Without an idempotency table (none given
 * in the shell), idempotency is switched off with Powertools' own POWERTOOLS_IDEMPOTENCY_DISABLED,
 * which also leaves the role index out (role changes list the region), so a handler can still be
 * tried against an account; a deployed stack always has the table.
 */
export interface LocalOnlyEnvironment {
  variables: Record<string, string>;
  notes: string[];
}

export function localOnlyEnvironment(env: Record<string, string | undefined>): LocalOnlyEnvironment {
  if (env.IDEMPOTENCY_TABLE_NAME?.trim()) return { variables: {}, notes: [] };
  return {
    variables: { IDEMPOTENCY_TABLE_NAME: 'local-invoke-without-idempotency', POWERTOOLS_IDEMPOTENCY_DISABLED: 'true' },
    notes: ['IDEMPOTENCY_TABLE_NAME is not set: running without idempotency (export it to use a deployed stack\'s table).'],
  };
}
