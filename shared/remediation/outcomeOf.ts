/** Builds RemediationOutcomes; applyRemediation uses these, and so can tools that render samples. */
import type { RemediationOutcome } from './RemediationOutcome.ts';
import type { RemediationPlan } from './RemediationPlan.ts';

export function outcomeOf(
  plan: RemediationPlan,
  action: RemediationOutcome['action'],
  applied: boolean,
  detail: string,
  error?: RemediationOutcome['error'],
): RemediationOutcome {
  return { action, applied, before: plan.finding, plan, detail, ...(error === undefined ? {} : { error }) };
}

/** The outcome of a plan whose change IAM accepted. */
export function appliedOutcome(plan: RemediationPlan): RemediationOutcome {
  const change = plan.change;
  if (change === undefined) return outcomeOf(plan, plan.action, false, plan.reason);
  return change.kind === 'attach-managed-policy'
    ? outcomeOf(plan, 'attach-managed-policy', true, `Attached ${change.policyArn} to ${plan.roleName}.`)
    : outcomeOf(plan, 'put-inline-policy', true, `Put inline policy ${change.policyName} on ${plan.roleName}, scoped to ${plan.logGroupName}.`);
}
