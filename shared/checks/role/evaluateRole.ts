import type { FunctionFacts, RoleFacts } from '../../facts/types.ts';
import type { AccessRequest, EvaluationResult, PolicySource } from '../../policy/index.ts';
import { evaluateIdentityPolicies } from '../../policy/index.ts';

type RoleLike = Pick<RoleFacts, 'policies' | 'permissionsBoundary'> & Partial<Pick<RoleFacts, 'arn' | 'accountId' | 'tags'>>;
type Context = NonNullable<AccessRequest['context']>;

const principalContexts = new WeakMap<RoleLike, Context>();

/**
 * What every request made by the function's session is known to carry about its principal: the role's
 * account, its ARN (aws:PrincipalArn names the role, not the session), principal type and the role's
 * tags (Lambda passes no session tags). Without these, an Allow "*" fenced by a condition that is
 * always true for this role (`aws:PrincipalAccount` = its own account) hid an administrator, and a
 * log grant under such a condition cried wolf. Tags the role does not carry stay unknown, not absent:
 * facts may lack tags, and an unknown key never makes an Allow a grant.
 */
function principalContextOf(role: RoleLike): Context {
  let ctx = principalContexts.get(role);
  if (ctx === undefined) {
    ctx = {};
    if (role.accountId !== undefined) ctx['aws:PrincipalAccount'] = role.accountId;
    if (role.arn !== undefined) {
      ctx['aws:PrincipalArn'] = role.arn;
      ctx['aws:PrincipalType'] = 'AssumedRole';
    }
    for (const [k, v] of Object.entries(role.tags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
    principalContexts.set(role, ctx);
  }
  return ctx;
}

/** The request with the role's principal context added (the request's own keys win). */
function withPrincipal(role: RoleLike, request: AccessRequest): AccessRequest {
  const principal = principalContextOf(role);
  if (Object.keys(principal).length === 0) return request;
  return { ...request, context: { ...principal, ...request.context } };
}

/**
 * Answers already given per role object. Several checks, and every function sharing a role, ask
 * the same questions (X-Ray and ENI actions on `*`, the admin and escalation probes); facts are
 * immutable once built, so an answer stays true for as long as the role object lives.
 */
const answers = new WeakMap<RoleLike, Map<string, EvaluationResult>>();

/** Asks the evaluator about one request against the role's identity policies and boundary. */
export function evaluateRole(role: RoleLike, request: AccessRequest, extraPolicies: readonly PolicySource[] = []): EvaluationResult {
  if (extraPolicies.length > 0) {
    return evaluateIdentityPolicies(withPrincipal(role, request), [...role.policies, ...extraPolicies], role.permissionsBoundary);
  }
  const key = `${request.action}\u0000${request.resource}\u0000${request.context === undefined ? '' : JSON.stringify(request.context)}`;
  let known = answers.get(role);
  if (known === undefined) answers.set(role, (known = new Map()));
  let result = known.get(key);
  if (result === undefined) known.set(key, (result = evaluateIdentityPolicies(withPrincipal(role, request), role.policies, role.permissionsBoundary)));
  return result;
}

/**
 * The functions among `functions` that run with `role` (defensive: the engine passes exactly these).
 * Compared case-insensitively, as the engine matches them: IAM role names are case-insensitive.
 */
export function functionsUsing(role: Pick<RoleFacts, 'arn'>, functions: readonly FunctionFacts[]): FunctionFacts[] {
  const arn = role.arn.toLowerCase();
  return functions.filter((f) => f.roleArn.toLowerCase() === arn);
}

/** `aws`, `aws-cn`, `aws-us-gov` from an ARN; `aws` when it cannot be read. */
export function partitionOf(arn: string): string {
  const p = arn.split(':')[1];
  return p !== undefined && p.length > 0 ? p : 'aws';
}
