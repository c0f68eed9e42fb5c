/**
 * The JSON report: a public contract documented in the README ("JSON output"). Each finding has
 * exactly the eight fields of issue 2 plus `door`; top-level keys beyond `findings` and `summary`
 * are additive (`functions`, the per-function risk roll-up). Key order is fixed so diffs stay small.
 */
import type { Finding } from '../checks/types.ts';
import type { AuditResult, FunctionRisk } from '../engine/AuditResult.ts';
import { escapeControlInJson } from './escapeControl.ts';

export interface JsonFinding {
  checkId: string;
  severity: Finding['severity'];
  resourceArn: string;
  functionArns: string[];
  title: string;
  detail: string;
  evidence: Finding['evidence'];
  remediation: Finding['remediation'];
  door: Finding['door'];
  /** Only on `keycard scan` findings: the template file, line and column. */
  location?: NonNullable<Finding['location']>;
  /** Only on reports across accounts (`keycard audit --live --org`): the finding's account. */
  accountId?: string;
}

export interface JsonReport {
  findings: JsonFinding[];
  functions: FunctionRisk[];
  summary: AuditResult['summary'];
  /** Additive, with --mute-file --show-muted: each muted finding with the mute that accepted it. */
  muted?: { finding: JsonFinding; mute: NonNullable<AuditResult['muted']>[number]['mute'] }[];
}

export function renderJson(result: AuditResult): string {
  const report: JsonReport = {
    findings: result.findings.map(toJsonFinding),
    functions: result.functions.map((f) => ({ ...f })),
    summary: result.summary,
    ...(result.muted === undefined ? {} : { muted: result.muted.map(({ finding, mute }) => ({ finding: toJsonFinding(finding), mute: { ...mute } })) }),
  };
  return `${escapeControlInJson(JSON.stringify(report, null, 2))}\n`;
}

/** Picks the contract fields explicitly so that anything else a check attaches never leaks out. */
function toJsonFinding(finding: Finding): JsonFinding {
  return {
    checkId: finding.checkId,
    severity: finding.severity,
    resourceArn: finding.resourceArn,
    functionArns: [...finding.functionArns],
    title: finding.title,
    detail: finding.detail,
    evidence: finding.evidence.map((e) => ({ ...e })),
    remediation: { text: finding.remediation.text, cli: finding.remediation.cli },
    door: finding.door,
    ...(finding.location ? { location: { ...finding.location } } : {}),
    ...(finding.accountId === undefined ? {} : { accountId: finding.accountId }),
  };
}
