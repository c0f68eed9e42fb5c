/** What happened to one remediation: before (the finding), the action taken, after (re-evaluated). */
import type { Finding } from '../checks/types.ts';
import type { LogWriteVerdict } from './evaluateLogWrite.ts';
import type { RemediationAction, RemediationPlan } from './RemediationPlan.ts';

/** `failed`: IAM refused the change (AccessDenied, LimitExceeded, NoSuchEntity, ...); retrying would not help. */
export type RemediationOutcomeAction = RemediationAction | 'failed';

export interface RemediationAfter {
  /** True when the re-read role lets the function write its logs. */
  resolved: boolean;
  /** ISO time of the re-evaluation. */
  checkedAt: string;
  evaluation: LogWriteVerdict;
}

export interface RemediationOutcome {
  action: RemediationOutcomeAction;
  /** True only when Keycard changed IAM in this invocation. */
  applied: boolean;
  before: Finding;
  plan: RemediationPlan;
  /** One sentence on what was done (or not, and why). */
  detail: string;
  error?: { name: string; message: string };
  /** Set by verifyRemediation from facts re-read after the change. */
  after?: RemediationAfter;
}
