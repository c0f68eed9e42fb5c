/**
 * Plans, applies and verifies the one fix Keycard makes by itself, finding by finding. Findings on
 * the same role are handled one after another against the role as re-read after the previous fix,
 * so a shared role gets one attachment (or one KeycardLogs policy covering every fixed log group).
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import type { Finding } from '../checks/types.ts';
import type { AccountFacts, FunctionFacts, RoleFacts } from '../facts/types.ts';
import { applyRemediation } from '../remediation/applyRemediation.ts';
import { evaluateLogWrite } from '../remediation/evaluateLogWrite.ts';
import { isRemediable, planRemediation } from '../remediation/planRemediation.ts';
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';
import type { RemediationSettings } from '../remediation/RemediationPlan.ts';
import { verifyRemediation } from '../remediation/verifyRemediation.ts';
import { readFunctionChangeFacts } from './readFunctionChangeFacts.ts';
import { withVisibilityRetry } from './withVisibilityRetry.ts';
import type { VisibilityRetryOptions } from './withVisibilityRetry.ts';

export interface RemediationDeps extends VisibilityRetryOptions {
  iam: IAMClient;
  reader: AccountReader;
  identity: AccountIdentity;
  settings: RemediationSettings;
}

export async function remediateFindings(findings: readonly Finding[], facts: AccountFacts, deps: RemediationDeps): Promise<RemediationOutcome[]> {
  const outcomes: RemediationOutcome[] = [];
  const freshRoles = new Map<string, RoleFacts>();
  for (const finding of findings.filter(isRemediable)) {
    const fn = facts.functions.find((candidate) => candidate.arn === finding.resourceArn);
    const role = fn === undefined ? undefined : (freshRoles.get(fn.roleArn.toLowerCase()) ?? roleOf(facts, fn));
    // Without both facts nothing can be proven; the finding is still alerted as it is.
    if (fn === undefined || role === undefined) continue;
    const outcome = await applyRemediation(deps.iam, planRemediation({ finding, fn, role, settings: deps.settings }));
    if (!outcome.applied) {
      outcomes.push(outcome);
      continue;
    }
    const fresh = await reReadUntilResolved(fn, deps);
    if (fresh === undefined) {
      outcomes.push(outcome);
      continue;
    }
    freshRoles.set(fn.roleArn.toLowerCase(), fresh.role);
    outcomes.push(verifyRemediation(outcome, fresh));
  }
  return outcomes;
}

function roleOf(facts: AccountFacts, fn: FunctionFacts): RoleFacts | undefined {
  return facts.roles.get(fn.roleArn) ?? [...facts.roles.values()].find((role) => role.arn.toLowerCase() === fn.roleArn.toLowerCase());
}

/**
 * The "after": the function and role re-read from IAM. IAM is eventually consistent, so a change
 * made a moment ago may not show yet; retry briefly, then report what was seen.
 */
async function reReadUntilResolved(fn: FunctionFacts, deps: RemediationDeps): Promise<{ fn: FunctionFacts; role: RoleFacts } | undefined> {
  let last: { fn: FunctionFacts; role: RoleFacts } | undefined;
  await withVisibilityRetry(async () => {
    // The change is made; a failed re-read only leaves the "after" unverified, it must not lose the outcome.
    const read = await readFunctionChangeFacts(deps.reader, [fn.name], deps.identity).catch(() => undefined);
    if (read === undefined) return undefined;
    if (read.outcome !== 'evaluate') return undefined;
    const freshFn = read.facts.functions[0];
    const freshRole = freshFn === undefined ? undefined : roleOf(read.facts, freshFn);
    if (freshFn === undefined || freshRole === undefined) return undefined;
    last = { fn: freshFn, role: freshRole };
    return evaluateLogWrite(freshFn, freshRole).allowed ? last : undefined;
  }, deps);
  return last;
}
