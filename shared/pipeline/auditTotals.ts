/**
 * The audit's running counts, carried from chunk to chunk and invocation to invocation (in the
 * continuation), and the summary they end as: totals by severity and check, the worst findings kept
 * for the digest, aliases and versions judged, and, across regions, the counts of each region.
 */
import type { AccountIdentity } from '../account/AccountReader.ts';
import type { QualifierMode } from '../account/records.ts';
import { CHECKS } from '../checks/registry.ts';
import { SEVERITIES } from '../checks/types.ts';
import type { Finding, Severity } from '../checks/types.ts';
import type { AuditSummary, RegionSummary } from '../engine/AuditResult.ts';
import type { AuditTotals } from './AuditContinuation.ts';
import { keepWorst } from './keepWorst.ts';

export function emptyTotals(qualifiers: QualifierMode | undefined): AuditTotals {
  return {
    ...(qualifiers === undefined ? {} : { qualifiers, aliasesEvaluated: 0, versionsEvaluated: 0 }),
    functionsEvaluated: 0,
    rolesEvaluated: 0,
    findings: 0,
    worstCaseFunctions: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    byCheck: Object.fromEntries(CHECKS.map((check) => [check.metadata.id, 0])),
    worst: [],
    worstCaseFunctionArns: [],
  };
}

/** Across regions: a count for each watched region (zero for one not audited yet, or never readable). */
export function withRegionTotals(totals: AuditTotals, regions: readonly string[]): AuditTotals {
  if (regions.length === 1) return totals;
  const zero = { functionsEvaluated: 0, findings: 0, worstCaseFunctions: 0 };
  return { ...totals, regions: Object.fromEntries(regions.map((region) => [region, totals.regions?.[region] ?? zero])) };
}

export interface ChunkCounts {
  functions: number;
  roles: number;
  worstCase: string[];
  aliases: number;
  versions: number;
  /** This chunk's counts per region, when the audit watches several. */
  regions: Record<string, RegionSummary> | undefined;
  /** Findings the mute list muted in this chunk (counted in `muted` only, not among `findings`). */
  muted: number;
}

export function addChunk(totals: AuditTotals, findings: Finding[], chunk: ChunkCounts): AuditTotals {
  const bySeverity = { ...totals.bySeverity };
  const byCheck = { ...totals.byCheck };
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byCheck[finding.checkId] = (byCheck[finding.checkId] ?? 0) + 1;
  }
  const regions = totals.regions === undefined || chunk.regions === undefined ? undefined : addRegions(totals.regions, chunk.regions);
  const muted = (totals.muted ?? 0) + chunk.muted;
  return {
    ...totals,
    ...(muted === 0 ? {} : { muted }),
    ...(totals.aliasesEvaluated === undefined ? {} : { aliasesEvaluated: totals.aliasesEvaluated + chunk.aliases }),
    ...(totals.versionsEvaluated === undefined ? {} : { versionsEvaluated: (totals.versionsEvaluated ?? 0) + chunk.versions }),
    ...(regions === undefined ? {} : { regions }),
    functionsEvaluated: totals.functionsEvaluated + chunk.functions,
    rolesEvaluated: totals.rolesEvaluated + chunk.roles,
    findings: totals.findings + findings.length,
    worstCaseFunctions: totals.worstCaseFunctions + chunk.worstCase.length,
    bySeverity,
    byCheck,
    ...keepWorst(totals, findings, chunk.worstCase),
  };
}

function addRegions(totals: Record<string, RegionSummary>, chunk: Record<string, RegionSummary>): Record<string, RegionSummary> {
  return Object.fromEntries(
    Object.entries(totals).map(([region, counts]) => {
      const add = chunk[region];
      return [
        region,
        add === undefined
          ? counts
          : {
              functionsEvaluated: counts.functionsEvaluated + add.functionsEvaluated,
              findings: counts.findings + add.findings,
              worstCaseFunctions: counts.worstCaseFunctions + add.worstCaseFunctions,
            },
      ];
    }),
  );
}

/** The running counts without what is carried only to rank the digest. */
export function countsOf(totals: AuditTotals): Omit<AuditTotals, 'worst' | 'worstCaseFunctionArns'> {
  const { worst: _worst, worstCaseFunctionArns: _arns, ...counts } = totals;
  return counts;
}

/** `region` lists the regions audited, comma-separated (as the CLI's --regions report), `regions` counts each. */
export function summaryOf(totals: AuditTotals, identity: AccountIdentity, regions: readonly string[]): AuditSummary {
  return { accountId: identity.accountId, region: regions.join(','), ...countsOf(totals) };
}
