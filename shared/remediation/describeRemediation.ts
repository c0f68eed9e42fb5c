/**
 * Plain-text lines (unwrapped) on one remediation, for the alert's "What Keycard did" block. A CLI
 * command is a line of its own (starting with `aws `) so renderers can leave it unwrapped.
 */
import { describeObstacles } from './evaluateLogWrite.ts';
import type { RemediationOutcome } from './RemediationOutcome.ts';

const HEADLINES: Record<RemediationOutcome['action'], string> = {
  'attach-managed-policy': 'Remediated: attached AWSLambdaBasicExecutionRole',
  'put-inline-policy': 'Remediated: put scoped inline policy KeycardLogs',
  'skipped-exempt': 'Not remediated: the role is exempt',
  'skipped-service-linked': 'Not remediated: service-linked role',
  'skipped-own-role': "Not remediated: one of Keycard's own roles",
  blocked: 'Remediation blocked',
  'not-needed': 'No change needed',
  'notify-only': 'Not remediated: remediation mode is notify',
  'dry-run': 'Dry run: nothing changed',
  failed: 'Remediation failed',
};

export function describeRemediation(outcome: RemediationOutcome): string[] {
  const { plan } = outcome;
  const lines = [`${HEADLINES[outcome.action]} (role ${plan.roleName}, function ${plan.functionName}).`];
  lines.push(`Before: ${plan.finding.title} - ${beforeText(outcome)}`);
  lines.push(`Action: ${outcome.detail}`);
  if (plan.change !== undefined && !outcome.applied && (outcome.action === 'dry-run' || outcome.action === 'notify-only')) {
    lines.push('Would run:', plan.change.cli);
  }
  if (outcome.applied && plan.change !== undefined) lines.push('Equivalent CLI:', plan.change.cli);
  if (outcome.after !== undefined) {
    lines.push(
      outcome.after.resolved
        ? `After (re-read at ${outcome.after.checkedAt}): ${plan.functionName} can write to ${plan.logGroupName}; the finding is resolved.`
        : `After (re-read at ${outcome.after.checkedAt}): still not resolved - ${describeObstacles(outcome.after.evaluation)}. IAM changes can take a few seconds to be visible; the next audit re-checks.`,
    );
  } else if (outcome.applied) {
    lines.push('After: not re-evaluated yet.');
  }
  return lines;
}

function beforeText(outcome: RemediationOutcome): string {
  const o = describeObstacles(outcome.plan.evaluation.before);
  return o === '' ? 'logs were writable when re-read' : o;
}
