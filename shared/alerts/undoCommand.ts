/**
 * The command that reverses a change Keycard made, shown instead of the fix in a remediated alert.
 * Attaching a managed policy is undone by detaching it. A `KeycardLogs` inline policy is undone by
 * deleting it (if Keycard merged into an existing KeycardLogs, that also removes the log groups it
 * granted before: the alert's JSON holds the document as applied).
 */
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';

export function undoCommand(outcome: RemediationOutcome): string | undefined {
  const change = outcome.plan.change;
  if (!outcome.applied || change === undefined) return undefined;
  const role = outcome.plan.roleName;
  return change.kind === 'attach-managed-policy'
    ? `aws iam detach-role-policy --role-name ${role} --policy-arn ${change.policyArn}`
    : `aws iam delete-role-policy --role-name ${role} --policy-name ${change.policyName}`;
}
