import type { FunctionFacts } from '../../facts/types.ts';
import { fillPlaceholders } from '../role/fillPlaceholders.ts';
import { functionFinding } from '../role/roleFinding.ts';
import type { CheckMetadata, Evidence, Finding, Severity } from '../types.ts';
import { describeStatement, type LockStatement } from './LockStatement.ts';

export interface LockFindingInput {
  detail: string;
  evidence: Evidence[];
  /** Values for the metadata CLI's placeholders; FunctionName and Region default to the function's name and region. */
  placeholders?: Record<string, string | undefined>;
  severity?: Severity;
  remediationText?: string;
  /** A CLI template for this finding when the metadata's does not fit (placeholders filled too). */
  remediationCli?: string;
}

/** A finding on a function's lock: resourceArn and the affected function are the function itself. */
export function lockFinding(metadata: CheckMetadata, fn: FunctionFacts, input: LockFindingInput): Finding {
  return functionFinding(metadata, fn, {
    detail: input.detail,
    evidence: input.evidence,
    severity: input.severity,
    remediationText: input.remediationText,
    cli: fillPlaceholders(input.remediationCli ?? metadata.remediation.cli, { FunctionName: fn.name, Region: fn.region, ...input.placeholders }),
  });
}

/** Evidence naming one resource-policy statement. */
export function statementEvidence(s: LockStatement, note: string): Evidence {
  const evidence: Evidence = { source: 'resource-policy', statementIndex: s.index, note: `${describeStatement(s)}: ${note}` };
  if (s.sid !== undefined) evidence.statementSid = s.sid;
  return evidence;
}
