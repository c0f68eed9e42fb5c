/** What planRemediation decides, before anything touches IAM. JSON-serialisable (it is stored and alerted). */
import type { Finding } from '../checks/types.ts';
import type { PolicyDocument } from '../policy/types.ts';
import type { LogWriteVerdict } from './evaluateLogWrite.ts';

export type RemediationMode = 'notify' | 'remediate';
/** `managed-policy`: attach AWSLambdaBasicExecutionRole. `inline-scoped`: inline `KeycardLogs` on the function's own log group. */
export type RemediationStyle = 'managed-policy' | 'inline-scoped';

export type RemediationAction =
  | 'attach-managed-policy'
  | 'put-inline-policy'
  | 'skipped-exempt'
  | 'skipped-service-linked'
  | 'skipped-own-role'
  | 'blocked'
  | 'not-needed'
  | 'notify-only'
  | 'dry-run';

export interface RemediationSettings {
  mode: RemediationMode;
  style: RemediationStyle;
  dryRun: boolean;
  /** A role carrying this tag key (any value; keys compared case-insensitively) is never touched. */
  exemptionTagKey: string;
  /** The stack's own role ARNs: never remediated, and their CloudTrail events are not acted on. */
  ownRoleArns: string[];
}

export type RemediationChange =
  | { kind: 'attach-managed-policy'; policyArn: string; cli: string }
  | { kind: 'put-inline-policy'; policyName: string; document: PolicyDocument; cli: string };

export interface RemediationPlan {
  action: RemediationAction;
  /** The finding as it was before any change. */
  finding: Finding;
  roleArn: string;
  roleName: string;
  functionArn: string;
  functionName: string;
  logGroupName: string;
  style: RemediationStyle;
  /** One sentence: why this action (for `blocked`, names the statement or boundary that blocks logs). */
  reason: string;
  /** The change applied (attach/put), or that would be applied (dry-run, notify-only). */
  change?: RemediationChange;
  /** Log-write evaluation of the role as read (`before`) and with the change added (`withChange`). */
  evaluation: { before: LogWriteVerdict; withChange?: LogWriteVerdict };
}
