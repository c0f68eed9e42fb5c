/**
 * Privilege-escalation probes. Each path is an action on a synthetic "any" resource (a name no
 * specific grant would match, so only wildcard grants such as `*` or `role/*` count), plus, for
 * actions that would let the role rewrite ITSELF, the role's own ARN and its own customer managed
 * policies. Grants on one specific other resource are not probed: they give bounded, reviewed power.
 */
import type { RoleFacts } from '../../facts/types.ts';
import type { AccessRequest, EvaluationResult } from '../../policy/index.ts';
import { isAllowedUnlessConditionalDeny, mayAllowAction } from '../../policy/index.ts';
import { evaluateRoleOnce, partitionOf } from './evaluateRole.ts';
import { candidateRegions } from './requestedRegions.ts';

export interface EscalationPath {
  action: string;
  resource: string;
  /** Why this is an escalation, for the finding. */
  why: string;
  /** Condition context the request was made under (e.g. iam:PassedToService), when any. */
  context?: AccessRequest['context'];
  result: EvaluationResult;
}

interface Probe {
  action: string;
  resources: string[];
  why: string;
  contexts?: NonNullable<AccessRequest['context']>[];
  /** Keys every request of this probe is known to carry (e.g. aws:RequestedRegion for regional APIs). */
  known?: NonNullable<AccessRequest['context']>;
}

const PROBE = 'keycard-probe-7c1e';
/** No probe request carries tags: aws:TagKeys is known absent (see adminAccess.ts). */
const untaggedContext: NonNullable<AccessRequest['context']> = { 'aws:TagKeys': [] };
/** Services an attacker would pass a role to; PassRole grants are often conditioned on this key. */
const PASSED_TO = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com', 'glue.amazonaws.com', 'cloudformation.amazonaws.com'];

function probesFor(role: RoleFacts, region: string): Probe[] {
  const p = partitionOf(role.arn);
  const a = role.accountId;
  const anyRole = `arn:${p}:iam::${a}:role/${PROBE}`;
  const anyUser = `arn:${p}:iam::${a}:user/${PROBE}`;
  const anyGroup = `arn:${p}:iam::${a}:group/${PROBE}`;
  const anyPolicy = `arn:${p}:iam::${a}:policy/${PROBE}`;
  // The caller chooses the regional endpoint: functions in any region the role's Allows name are reachable.
  const lambdaRegions = candidateRegions(role, region);
  const anyFunctionIn = (r: string): string => `arn:${p}:lambda:${r}:${a}:function:${PROBE}`;
  const ownPolicies = role.policies.filter((x) => x.kind === 'customer-managed' && x.arn).map((x) => x.arn as string);
  const selfAndAny = [anyRole, role.arn];
  const probes: Probe[] = [
    {
      action: 'iam:PassRole', resources: [anyRole],
      why: 'hand any role (including more powerful ones) to a service it can start, and act as that role',
      contexts: PASSED_TO.map((s) => ({ 'iam:PassedToService': s })),
    },
    { action: 'iam:AttachRolePolicy', resources: selfAndAny, why: 'attach any managed policy (e.g. AdministratorAccess) to a role' },
    { action: 'iam:AttachUserPolicy', resources: [anyUser], why: 'attach any managed policy to a user' },
    { action: 'iam:AttachGroupPolicy', resources: [anyGroup], why: 'attach any managed policy to a group' },
    { action: 'iam:PutRolePolicy', resources: selfAndAny, why: 'write an inline policy granting anything to a role' },
    { action: 'iam:PutUserPolicy', resources: [anyUser], why: 'write an inline policy granting anything to a user' },
    { action: 'iam:PutGroupPolicy', resources: [anyGroup], why: 'write an inline policy granting anything to a group' },
    { action: 'iam:CreatePolicyVersion', resources: [anyPolicy, ...ownPolicies], why: 'rewrite a managed policy and make the new version default' },
    { action: 'iam:SetDefaultPolicyVersion', resources: [anyPolicy, ...ownPolicies], why: 'switch a managed policy to a broader old version' },
    { action: 'iam:UpdateAssumeRolePolicy', resources: selfAndAny, why: 'let itself or an outsider assume a role' },
    { action: 'iam:CreateAccessKey', resources: [anyUser], why: 'mint long-lived keys for another user' },
    { action: 'iam:CreateLoginProfile', resources: [anyUser], why: 'set a console password for another user' },
    { action: 'iam:UpdateLoginProfile', resources: [anyUser], why: 'reset another user\'s console password' },
    { action: 'iam:AddUserToGroup', resources: [anyGroup], why: 'add a user to a more privileged group' },
    { action: 'sts:AssumeRole', resources: [anyRole], why: 'assume any role whose trust policy admits this account' },
    ...lambdaRegions.flatMap((r): Probe[] => [
      { action: 'lambda:UpdateFunctionCode', resources: [anyFunctionIn(r)], why: 'replace the code of other functions and run as their roles', known: { ...untaggedContext, 'aws:RequestedRegion': r } },
      { action: 'lambda:UpdateFunctionConfiguration', resources: [anyFunctionIn(r)], why: 'swap another function\'s role or layers and run as it', known: { ...untaggedContext, 'aws:RequestedRegion': r } },
    ]),
  ];
  if (role.permissionsBoundary) {
    probes.push({ action: 'iam:DeleteRolePermissionsBoundary', resources: [role.arn], why: 'remove its own permissions boundary' });
    probes.push({ action: 'iam:PutRolePermissionsBoundary', resources: [role.arn], why: 'replace its own permissions boundary with a broader one' });
  }
  return probes;
}

/**
 * Every action the probes ask (test/checks/escalationPaths.test.ts keeps it equal to the probes'): a
 * role that may allow none of them has no path, and its probes need not be built.
 */
export const ESCALATION_ACTIONS: readonly string[] = [
  'iam:PassRole', 'iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:AttachGroupPolicy', 'iam:PutRolePolicy',
  'iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile',
  'iam:AddUserToGroup', 'sts:AssumeRole', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
  'iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary',
];

/** Every escalation path the role has, at most one per action (the first resource/context allowed). */
export function findEscalationPaths(role: RoleFacts, region: string): EscalationPath[] {
  // Most roles allow none of the probed actions at all: asked before any probe is built.
  if (!ESCALATION_ACTIONS.some((action) => mayAllowAction(role.policies, action))) return [];
  const paths: EscalationPath[] = [];
  const seen = new Set<string>();
  for (const probe of probesFor(role, region)) {
    // One path per action: the first region (home first) where it is allowed.
    if (seen.has(probe.action)) continue;
    // No Allow names the action: no resource or context can make it allowed.
    if (!mayAllowAction(role.policies, probe.action)) continue;
    let found: EscalationPath | undefined;
    for (const resource of probe.resources) {
      const base = { action: probe.action, resource, context: probe.known ?? untaggedContext };
      // Each probe is asked once per role (privilege-escalation runs once per role): the answer is not kept.
      const result = evaluateRoleOnce(role, base);
      if (isAllowedUnlessConditionalDeny(result)) {
        found = { action: probe.action, resource, why: probe.why, result };
        break;
      }
      // A context can only settle conditions; without a conditional Allow it cannot create one.
      if (!hasConditionalAllow(result)) continue;
      for (const context of probe.contexts ?? []) {
        const withContext = evaluateRoleOnce(role, { action: probe.action, resource, context: { ...(probe.known ?? untaggedContext), ...context } });
        if (isAllowedUnlessConditionalDeny(withContext)) {
          found = { action: probe.action, resource, why: probe.why, context, result: withContext };
          break;
        }
      }
      if (found) break;
    }
    if (found) {
      paths.push(found);
      seen.add(probe.action);
    }
  }
  return paths;
}

function hasConditionalAllow(r: EvaluationResult): boolean {
  return r.identity.allow === 'conditional' || r.boundary?.allow === 'conditional';
}
