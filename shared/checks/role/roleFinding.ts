import type { FunctionFacts, RoleFacts } from '../../facts/types.ts';
import type { CheckMetadata, Evidence, Finding, Severity } from '../types.ts';

export interface FindingInput {
  detail: string;
  evidence: Evidence[];
  /** The filled command(s); defaults to the metadata template. */
  cli: string;
  severity?: Severity;
  remediationText?: string;
}

/** A finding about the role itself: resourceArn is the role, every function using it is affected. */
export function roleFinding(metadata: CheckMetadata, role: RoleFacts, functions: readonly FunctionFacts[], input: FindingInput): Finding {
  return {
    checkId: metadata.id,
    severity: input.severity ?? metadata.severity,
    door: metadata.door,
    resourceArn: role.arn,
    functionArns: functions.map((f) => f.arn),
    title: metadata.title,
    detail: input.detail,
    evidence: input.evidence,
    remediation: { text: input.remediationText ?? metadata.remediation.text, cli: input.cli },
  };
}

/** A finding about what one function needs from its role: resourceArn is the function. */
export function functionFinding(metadata: CheckMetadata, fn: FunctionFacts, input: FindingInput): Finding {
  return {
    checkId: metadata.id,
    severity: input.severity ?? metadata.severity,
    door: metadata.door,
    resourceArn: fn.arn,
    functionArns: [fn.arn],
    title: metadata.title,
    detail: input.detail,
    evidence: input.evidence,
    remediation: { text: input.remediationText ?? metadata.remediation.text, cli: input.cli },
  };
}
