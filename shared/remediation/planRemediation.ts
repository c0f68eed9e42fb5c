/**
 * Decides what to do about one `missing-log-permissions` finding. Pure: the decision rests on the
 * facts given, and a change is proposed only when re-evaluating the role with that change added
 * shows the function could then write its logs whatever the request context.
 */
import type { Finding } from '../checks/types.ts';
import type { FunctionFacts, RoleFacts } from '../facts/types.ts';
import { basicExecutionRolePolicy } from '../checks/role/lambdaManagedPolicies.ts';
import { RemediationInputError } from './errors.ts';
import { describeObstacles, evaluateLogWrite } from './evaluateLogWrite.ts';
import { isServiceLinkedRole } from './isServiceLinkedRole.ts';
import { KEYCARD_LOGS_POLICY_NAME, keycardLogsPolicy, putKeycardLogsCli } from './keycardLogsPolicy.ts';
import type { RemediationAction, RemediationChange, RemediationPlan, RemediationSettings } from './RemediationPlan.ts';
import { sameRole } from './sameRole.ts';

export const REMEDIABLE_CHECK_ID = 'missing-log-permissions';

export interface PlanRemediationInput {
  finding: Finding;
  fn: FunctionFacts;
  role: RoleFacts;
  settings: RemediationSettings;
}

export function planRemediation(input: PlanRemediationInput): RemediationPlan {
  const { finding, fn, role, settings } = input;
  checkInput(input);
  const before = evaluateLogWrite(fn, role);
  const base = {
    finding,
    roleArn: role.arn,
    roleName: role.name,
    functionArn: fn.arn,
    functionName: fn.name,
    logGroupName: fn.logGroupName,
    style: settings.style,
  };
  const plan = (action: RemediationAction, reason: string, extra: Partial<RemediationPlan> = {}): RemediationPlan => ({
    ...base,
    action,
    reason,
    evaluation: { before },
    ...extra,
  });

  // Never-touch rules come first: they hold whatever the evaluation says.
  if (settings.ownRoleArns.some((own) => sameRole(own, role.arn))) {
    return plan('skipped-own-role', `${role.name} is one of Keycard's own roles; Keycard never changes them.`);
  }
  if (isServiceLinkedRole(role)) {
    return plan('skipped-service-linked', `${role.name} is a service-linked role (path ${role.path}); AWS owns it.`);
  }
  const exemptKey = Object.keys(role.tags).find((k) => k.toLowerCase() === settings.exemptionTagKey.toLowerCase());
  if (exemptKey !== undefined) {
    return plan('skipped-exempt', `${role.name} carries the exemption tag ${exemptKey}=${role.tags[exemptKey] ?? ''}.`);
  }
  if (role.incomplete.length > 0) {
    const gaps = role.incomplete.map((i) => `${i.what} (${i.reason})`).join('; ');
    return plan('blocked', `Keycard could not read all of ${role.name} (${gaps}), so it cannot prove a change would be safe and sufficient.`);
  }
  if (before.allowed) {
    return plan('not-needed', `${role.name} already lets ${fn.name} write to ${fn.logGroupName}.`);
  }

  const candidate = settings.style === 'managed-policy' ? basicExecutionRolePolicy(fn.partition) : keycardLogsPolicy(fn, role);
  const alreadyThere = candidate.arn !== undefined && role.policies.some((p) => p.arn === candidate.arn);
  // An inline KeycardLogs replaces the role's previous one of that name (PutRolePolicy overwrites).
  const others = settings.style === 'inline-scoped' ? role.policies.filter((p) => !(p.kind === 'inline' && p.name === KEYCARD_LOGS_POLICY_NAME)) : role.policies;
  const withChange = evaluateLogWrite(fn, { ...role, policies: others }, alreadyThere ? [] : [candidate]);
  if (!withChange.allowed) {
    const what = alreadyThere ? `${candidate.name} is already attached, but` : `adding ${candidate.name} would not help:`;
    return plan('blocked', `${what} ${describeObstacles(withChange)}.`, { evaluation: { before, withChange } });
  }

  const change = changeFor(settings, role.name, candidate);
  const proven = { change, evaluation: { before, withChange } };
  const doing = change.kind === 'attach-managed-policy' ? `attach ${candidate.name}` : `put inline policy ${candidate.name} scoped to ${fn.logGroupName}`;
  if (settings.mode === 'notify') {
    return plan('notify-only', `Remediation mode is notify; in remediate mode Keycard would ${doing} (proven to fix the finding).`, proven);
  }
  if (settings.dryRun) {
    return plan('dry-run', `Dry run: Keycard would ${doing} (proven to fix the finding).`, proven);
  }
  return plan(change.kind, `Keycard will ${doing}: re-evaluated with it, ${fn.name} can write its logs.`, proven);
}

function changeFor(settings: RemediationSettings, roleName: string, candidate: ReturnType<typeof keycardLogsPolicy>): RemediationChange {
  if (settings.style === 'managed-policy') {
    const policyArn = candidate.arn ?? '';
    return { kind: 'attach-managed-policy', policyArn, cli: `aws iam attach-role-policy --role-name ${roleName} --policy-arn ${policyArn}` };
  }
  return { kind: 'put-inline-policy', policyName: candidate.name, document: candidate.document, cli: putKeycardLogsCli(roleName, candidate.document) };
}

function checkInput({ finding, fn, role }: PlanRemediationInput): void {
  if (finding.checkId !== REMEDIABLE_CHECK_ID) {
    throw new RemediationInputError(
      `planRemediation: finding ${finding.checkId} on ${finding.resourceArn} cannot be remediated; only ${REMEDIABLE_CHECK_ID} can. Filter findings with isRemediable() first.`,
    );
  }
  if (finding.resourceArn !== fn.arn && !finding.functionArns.includes(fn.arn)) {
    throw new RemediationInputError(`planRemediation: the finding is about ${finding.resourceArn}, not function ${fn.arn}; pass that function's facts.`);
  }
  if (!sameRole(fn.roleArn, role.arn)) {
    throw new RemediationInputError(`planRemediation: function ${fn.name} runs as ${fn.roleArn}, not ${role.arn}; pass its execution role's facts.`);
  }
}

/** The findings planRemediation accepts. */
export function isRemediable(finding: Finding): boolean {
  return finding.checkId === REMEDIABLE_CHECK_ID;
}
