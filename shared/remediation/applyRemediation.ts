/**
 * Carries out a plan against IAM. Only `attach-managed-policy` and `put-inline-policy` call IAM;
 * every other plan becomes its outcome as is, so a handler can pass every plan through here.
 * Idempotent: a policy already attached (or an identical KeycardLogs already in place) is
 * `not-needed`. IAM refusals that a retry cannot fix become `failed`, reported in the alert; anything
 * else (throttling, 5xx after the SDK's retries) throws so the event is retried, then dead-lettered.
 */
import {
  AttachRolePolicyCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument } from '../policy/index.ts';
import { RemediationApplyError } from './errors.ts';
import { mergeKeycardLogsDocuments, putKeycardLogsCli } from './keycardLogsPolicy.ts';
import { appliedOutcome, outcomeOf } from './outcomeOf.ts';
import type { RemediationOutcome } from './RemediationOutcome.ts';
import type { RemediationPlan } from './RemediationPlan.ts';

/** IAM errors that mean "this change cannot be made", not "try again". */
const REFUSALS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'LimitExceededException',
  'NoSuchEntityException',
  'UnmodifiableEntityException',
  'PolicyNotAttachableException',
  'MalformedPolicyDocumentException',
  'InvalidInputException',
]);

export async function applyRemediation(iam: IAMClient, plan: RemediationPlan): Promise<RemediationOutcome> {
  const outcome = (action: RemediationOutcome['action'], applied: boolean, detail: string, error?: RemediationOutcome['error']) =>
    outcomeOf(plan, action, applied, detail, error);
  const change = plan.change;
  if ((plan.action !== 'attach-managed-policy' && plan.action !== 'put-inline-policy') || change === undefined) {
    return outcome(plan.action, false, plan.reason);
  }
  try {
    if (change.kind === 'attach-managed-policy') {
      if (await isAttached(iam, plan.roleName, change.policyArn)) {
        return outcome('not-needed', false, `${change.policyArn} was already attached to ${plan.roleName}.`);
      }
      await iam.send(new AttachRolePolicyCommand({ RoleName: plan.roleName, PolicyArn: change.policyArn }));
      return appliedOutcome(plan);
    }
    const current = await currentInline(iam, plan.roleName, change.policyName);
    // Never drop log groups a KeycardLogs already in IAM grants (the plan may predate it).
    const document = current === undefined ? change.document : mergeKeycardLogsDocuments(current, change.document);
    if (current !== undefined && sameDocument(current, document)) {
      return outcome('not-needed', false, `Inline policy ${change.policyName} of ${plan.roleName} already grants this.`);
    }
    await iam.send(new PutRolePolicyCommand({ RoleName: plan.roleName, PolicyName: change.policyName, PolicyDocument: JSON.stringify(document) }));
    const applied = document === change.document ? change : { ...change, document, cli: putKeycardLogsCli(plan.roleName, document) };
    return appliedOutcome({ ...plan, change: applied });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'UnknownError';
    const message = error instanceof Error ? error.message : String(error);
    if (REFUSALS.has(name)) {
      return outcome('failed', false, `IAM refused to change ${plan.roleName}: ${name}: ${message}`, { name, message });
    }
    throw new RemediationApplyError(
      `Changing role ${plan.roleName} for function ${plan.functionName} failed (${name}: ${message}); the event will be retried.`,
      { cause: error },
    );
  }
}

async function isAttached(iam: IAMClient, roleName: string, policyArn: string): Promise<boolean> {
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName })) {
    if ((page.AttachedPolicies ?? []).some((p) => p.PolicyArn === policyArn)) return true;
  }
  return false;
}

async function currentInline(iam: IAMClient, roleName: string, policyName: string): Promise<PolicyDocument | undefined> {
  try {
    const res = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
    return res.PolicyDocument === undefined ? undefined : parsePolicyDocument(res.PolicyDocument, `inline policy ${policyName} of ${roleName}`);
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchEntityException') return undefined;
    throw error;
  }
}

function sameDocument(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}
