/** The text of the live read's progress line: functions read of total, throttles, time left at the rate budget. */
import type { ReadProgress } from '../shared/account/readAccountRecords.ts';

export interface ReadProgressFacts extends ReadProgress {
  /** Requests AWS throttled so far. */
  throttled: number;
  /** Lambda calls made so far for the functions' locks (GetPolicy, ListFunctionUrlConfigs). */
  lockCalls: number;
  /** The Lambda budget in requests per second (--api-rate); no time estimate without it. */
  lambdaRate?: number;
}

export function describeReadProgress(facts: ReadProgressFacts): string {
  const throttled = facts.throttled > 0 ? `, ${count(facts.throttled)} throttled` : '';
  if (facts.functionsTotal === undefined) return `keycard: reading roles, managed policies and the function list${throttled}…`;
  const { functionsRead: read, functionsTotal: total } = facts;
  const head = `keycard: read ${count(read)} of ${count(total)} functions${throttled}`;
  if (read >= total || facts.lambdaRate === undefined) return head;
  // Each function costs at least one Lambda call (GetPolicy), more when its URL configs are read too.
  const callsPerFunction = read > 0 ? Math.max(1, facts.lockCalls / read) : 1;
  const seconds = Math.ceil(((total - read) * callsPerFunction) / facts.lambdaRate);
  return `${head}, about ${duration(seconds)} left at ${facts.lambdaRate} Lambda calls/s`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
