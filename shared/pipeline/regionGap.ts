/**
 * The gap a watched region leaves when its Lambda cannot be read (an SCP denying the region, a region
 * not enabled): reported once as `evaluation-incomplete`, naming the region and what to do, while the
 * other regions are evaluated.
 */
import { AccountAccessDeniedError, AccountThrottledError } from '../account/errors.ts';
import type { AccountReadError } from '../account/errors.ts';
import type { IncompleteFact } from '../facts/types.ts';

/** `consequence`: what was not evaluated and how to fix it, after the error's own message. */
export function regionGap(region: string, error: AccountReadError, consequence: string): IncompleteFact {
  const cause = error instanceof AccountAccessDeniedError ? 'denied' : error instanceof AccountThrottledError ? 'throttled' : 'failed';
  return { what: `the functions of region ${region} (${error.source})`, reason: `${error.message}; ${consequence}`, cause };
}
