/**
 * What one audit invocation hands the next when the account is too big for 15 minutes. Small by
 * design (async invocation payloads are limited to 256 KB): a cursor, running counts and the
 * worst findings so far; never the findings themselves, which were already published per chunk.
 */
import type { Finding } from '../checks/types.ts';
import type { AuditSummary } from '../engine/AuditResult.ts';

export interface AuditContinuation {
  auditId: string;
  /**
   * Regions are audited in name order, each region's functions in name order; the next invocation
   * starts after function `startAfter` of `region`. Absent in continuations written before the audit
   * read several regions: then `startAfter` is in the stack's own region, the only one audited.
   */
  region?: string;
  startAfter: string;
  /** Invocations so far, including the one that wrote this. */
  invocation: number;
  startedAt: string;
  totals: AuditTotals;
  /**
   * reportedRoleKey of every role whose findings were already reported. Absent in continuations
   * written before it existed: then roles are re-derived and may, at worst, be reported twice.
   */
  reportedRoles?: string[];
}

/** Running counts (the summary's, less where) plus what the final digest needs to rank. */
export interface AuditTotals extends Omit<AuditSummary, 'accountId' | 'region'> {
  /** The worst findings so far (already sorted), kept for the final digest. */
  worst: Finding[];
  /** Worst-case functions seen so far (capped), so later chunks sort the digest the same way. */
  worstCaseFunctionArns: string[];
}
