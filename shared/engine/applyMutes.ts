/**
 * Takes accepted findings out of a result, keeping them beside it: a muted finding is counted
 * (`summary.muted`) and listed (`muted`), never silently dropped. A mute matches a finding by check id
 * and exact `resourceArn`; an expired mute matches nothing and is returned so the caller can say so.
 */
import type { Finding } from '../checks/types.ts';
import type { AuditResult } from './AuditResult.ts';
import type { Mute, MutedFinding } from './MuteList.ts';
import { summarize } from './summarize.ts';

export interface MutesApplied {
  /** The result without the muted findings; its summary counts what is left and gains `muted`. */
  result: AuditResult;
  muted: MutedFinding[];
  /** Mutes whose date has passed: they no longer mute. */
  expired: Mute[];
}

/** True from 00:00 UTC on the `expires` day. */
export function isExpired(mute: Mute, now: Date): boolean {
  return now.getTime() >= Date.parse(`${mute.expires}T00:00:00Z`);
}

export function applyMutes(result: AuditResult, mutes: readonly Mute[], now: Date): MutesApplied {
  const expired = mutes.filter((m) => isExpired(m, now));
  const active = new Map<string, Mute>();
  for (const mute of mutes) {
    const key = keyOf(mute.checkId, mute.arn);
    if (!isExpired(mute, now) && !active.has(key)) active.set(key, mute);
  }
  const kept: Finding[] = [];
  const muted: MutedFinding[] = [];
  for (const finding of result.findings) {
    const mute = active.get(keyOf(finding.checkId, finding.resourceArn));
    if (mute === undefined) kept.push(finding);
    else muted.push({ finding, mute });
  }
  return {
    result: {
      findings: kept,
      // Per-function risks describe the functions (exposure, role power), not what was accepted.
      functions: result.functions,
      summary: {
        ...result.summary,
        ...summarize(kept, { ...result.summary, checkIds: Object.keys(result.summary.byCheck) }),
        muted: (result.summary.muted ?? 0) + muted.length,
      },
    },
    muted,
    expired,
  };
}

function keyOf(checkId: string, arn: string): string {
  return `${checkId}\n${arn}`;
}
