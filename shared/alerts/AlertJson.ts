/** The machine rendering of an alert (SNS `default` key: SQS, Lambda, HTTP(S), email-json subscribers). */
import type { Finding, Severity } from '../checks/types.ts';
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';
import type { AlertTrigger } from './RenderedAlert.ts';

export const ALERT_SCHEMA = 'keycard.alert/v1';

export interface AlertRemediationJson {
  action: RemediationOutcome['action'];
  applied: boolean;
  checkId: string;
  roleArn: string;
  functionArn: string;
  detail: string;
  reason: string;
  change?: { kind: string; policyArn?: string; policyName?: string; cli: string };
  /** Re-evaluated after the change: true when logs are writable. Absent when not re-evaluated. */
  resolvedAfter?: boolean;
  error?: { name: string; message: string };
}

export interface AlertJson {
  schema: typeof ALERT_SCHEMA;
  kind: 'alert';
  accountId: string;
  /** The account's name in the organization, when the hub could read it (organizations:DescribeAccount). */
  accountName?: string;
  region: string;
  worstSeverity: Severity;
  trigger: AlertTrigger | null;
  /** Worst first. Same fields as `keycard audit --format json`. */
  findings: Finding[];
  remediations: AlertRemediationJson[];
  /** Present when SNS's 256 KiB limit forced Keycard to leave findings out (the worst are kept). */
  omittedFindings?: number;
}

export function remediationJson(r: RemediationOutcome): AlertRemediationJson {
  const c = r.plan.change;
  return {
    action: r.action,
    applied: r.applied,
    checkId: r.before.checkId,
    roleArn: r.plan.roleArn,
    functionArn: r.plan.functionArn,
    detail: r.detail,
    reason: r.plan.reason,
    ...(c === undefined
      ? {}
      : { change: c.kind === 'attach-managed-policy' ? { kind: c.kind, policyArn: c.policyArn, cli: c.cli } : { kind: c.kind, policyName: c.policyName, cli: c.cli } }),
    ...(r.after === undefined ? {} : { resolvedAfter: r.after.resolved }),
    ...(r.error === undefined ? {} : { error: r.error }),
  };
}
