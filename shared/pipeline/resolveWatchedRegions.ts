/**
 * The regions a handler reads (WatchedRegions): the stack's own and those listed, or every enabled
 * region. When the enabled regions cannot be listed, the stack's own region, and a gap that says so
 * (evaluation-incomplete) so nobody mistakes one region for all of them.
 */
import { AccountAccessDeniedError, AccountReadError } from '../account/errors.ts';
import type { IncompleteFact } from '../facts/types.ts';

export interface ResolvedRegions {
  /** The stack's region first, then the others. */
  regions: string[];
  gap?: IncompleteFact;
}

export async function resolveWatchedRegions(
  configured: readonly string[] | 'all',
  home: string,
  listEnabledRegions: () => Promise<string[]>,
): Promise<ResolvedRegions> {
  if (configured !== 'all') return { regions: [home, ...configured.filter((r) => r !== home)] };
  try {
    const enabled = await listEnabledRegions();
    return { regions: [home, ...enabled.filter((r) => r !== home)] };
  } catch (error) {
    if (!(error instanceof AccountReadError)) throw error;
    return {
      regions: [home],
      gap: {
        what: `the account's enabled regions (${error.source}), WatchedRegions=all`,
        reason: `${error.message}; only ${home} was read`,
        cause: error instanceof AccountAccessDeniedError ? 'denied' : 'failed',
      },
    };
  }
}
