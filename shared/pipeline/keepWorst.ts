/**
 * What an audit carries from chunk to chunk, account to account and invocation to invocation to rank
 * its digest: the worst few findings and the worst-case functions seen, both capped (a continuation
 * must fit an async invocation payload, 256 KB). The single-account audit (auditTotals) and the
 * organization's (runOrganizationAudit) keep them the same way.
 */
import type { Finding } from '../checks/types.ts';
import { sortFindings } from '../engine/sortFindings.ts';

const WORST_KEPT = 10;
const WORST_CASE_ARNS_KEPT = 1_000;

export interface WorstKept {
  /** The worst findings so far, sorted. */
  worst: Finding[];
  /** Worst-case functions seen so far (capped), so later additions sort the same way. */
  worstCaseFunctionArns: string[];
}

export function keepWorst(kept: WorstKept, findings: readonly Finding[], worstCaseFunctionArns: readonly string[]): WorstKept {
  const arns = [...kept.worstCaseFunctionArns, ...worstCaseFunctionArns].slice(0, WORST_CASE_ARNS_KEPT);
  return { worst: sortFindings([...kept.worst, ...findings], new Set(arns)).slice(0, WORST_KEPT), worstCaseFunctionArns: arns };
}
