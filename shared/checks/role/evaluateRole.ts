import type { FunctionFacts, RoleFacts } from '../../facts/types.ts';
import type { AccessRequest, EvaluationResult, PolicySource } from '../../policy/index.ts';
import { evaluateIdentityPolicies } from '../../policy/index.ts';

type RoleLike = Pick<RoleFacts, 'policies' | 'permissionsBoundary'> & Partial<Pick<RoleFacts, 'arn' | 'accountId' | 'tags'>>;
type Context = NonNullable<AccessRequest['context']>;

/** What one role object has been asked, and the contexts its requests were made in. */
interface RoleMemo {
  /** Known about the role's own session, added to every request (see principalContextOf). */
  principal: Context;
  /** Request context key -> the request context merged with `principal`, built once. */
  contexts: Map<string, Context>;
  /** Request key -> answer. */
  answers: Map<string, EvaluationResult>;
  /**
   * The last request context object asked with, its key and merged context: checks ask several
   * questions in one context object (context objects are not changed once asked with).
   */
  last?: AskedContext;
}

interface AskedContext {
  context: Context | undefined;
  key: string;
  merged: Context;
}

/**
 * Answers already given per role object. Several checks, and every function sharing a role, ask
 * the same questions (X-Ray and ENI actions on `*`, the admin and escalation probes); facts are
 * immutable once built, so an answer stays true for as long as the role object lives.
 */
const memos = new WeakMap<RoleLike, RoleMemo>();

function memoOf(role: RoleLike): RoleMemo {
  let memo = memos.get(role);
  if (memo === undefined) memos.set(role, (memo = { principal: principalContextOf(role), contexts: new Map(), answers: new Map() }));
  return memo;
}

/**
 * What every request made by the function's session is known to carry about its principal: the role's
 * account, its ARN (aws:PrincipalArn names the role, not the session), principal type and the role's
 * tags (Lambda passes no session tags). Without these, an Allow "*" fenced by a condition that is
 * always true for this role (`aws:PrincipalAccount` = its own account) hid an administrator, and a
 * log grant under such a condition cried wolf. Tags the role does not carry stay unknown, not absent:
 * facts may lack tags, and an unknown key never makes an Allow a grant.
 */
function principalContextOf(role: RoleLike): Context {
  const ctx: Context = {};
  if (role.accountId !== undefined) ctx['aws:PrincipalAccount'] = role.accountId;
  if (role.arn !== undefined) {
    ctx['aws:PrincipalArn'] = role.arn;
    ctx['aws:PrincipalType'] = 'AssumedRole';
  }
  for (const [k, v] of Object.entries(role.tags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
  return ctx;
}

/** A string that identifies a request context by value (cheaper than JSON.stringify on the hot path). */
function contextKey(context: Context | undefined): string {
  if (context === undefined) return '';
  let key = '';
  for (const name in context) {
    const value = context[name];
    key += `${name}\u0001${Array.isArray(value) ? `[${value.join('\u0002')}]` : `${typeof value}:${String(value)}`}\u0000`;
  }
  return key;
}

/** The request's context, its key, and the context with the role's principal context added (the request's own keys win), one object per context. */
function askedContext(memo: RoleMemo, request: AccessRequest): AskedContext {
  const last = memo.last;
  if (last !== undefined && last.context === request.context) return last;
  const key = contextKey(request.context);
  let merged = memo.contexts.get(key);
  if (merged === undefined) memo.contexts.set(key, (merged = { ...memo.principal, ...request.context }));
  return (memo.last = { context: request.context, key, merged });
}

/** The request with the role's principal context added. */
function withPrincipal(request: AccessRequest, asked: AskedContext): AccessRequest {
  return { action: request.action, resource: request.resource, context: asked.merged };
}

/**
 * Asks the evaluator about one request against the role's identity policies and boundary, without
 * remembering the answer: for questions no other check or function will ask again (a function's own
 * log stream), where remembering would only hold memory.
 */
export function evaluateRoleOnce(role: RoleLike, request: AccessRequest, extraPolicies: readonly PolicySource[] = []): EvaluationResult {
  const policies = extraPolicies.length > 0 ? [...role.policies, ...extraPolicies] : role.policies;
  return evaluateIdentityPolicies(withPrincipal(request, askedContext(memoOf(role), request)), policies, role.permissionsBoundary);
}

/** Asks the evaluator about one request against the role's identity policies and boundary; remembers the answer. */
export function evaluateRole(role: RoleLike, request: AccessRequest, extraPolicies: readonly PolicySource[] = []): EvaluationResult {
  if (extraPolicies.length > 0) return evaluateRoleOnce(role, request, extraPolicies);
  const memo = memoOf(role);
  const asked = askedContext(memo, request);
  const key = `${request.action}\u0000${request.resource}\u0000${asked.key}`;
  let result = memo.answers.get(key);
  if (result === undefined) {
    result = evaluateIdentityPolicies(withPrincipal(request, asked), role.policies, role.permissionsBoundary);
    memo.answers.set(key, result);
  }
  return result;
}

/**
 * The functions among `functions` that run with `role` (defensive: the engine passes exactly these).
 * Compared case-insensitively, as the engine matches them: IAM role names are case-insensitive.
 */
export function functionsUsing(role: Pick<RoleFacts, 'arn'>, functions: readonly FunctionFacts[]): FunctionFacts[] {
  const arn = role.arn.toLowerCase();
  // An alias with weighted routing also runs with the roles of the versions it routes to.
  const runsWith = (f: FunctionFacts): boolean =>
    f.roleArn.toLowerCase() === arn || (f.qualified?.additionalVersions ?? []).some((v) => v.roleArn.toLowerCase() === arn);
  return functions.filter(runsWith);
}

/** `aws`, `aws-cn`, `aws-us-gov` from an ARN; `aws` when it cannot be read. */
export function partitionOf(arn: string): string {
  // Sliced, not split: called for every function that gets a command.
  const start = arn.indexOf(':') + 1;
  if (start === 0) return 'aws';
  const end = arn.indexOf(':', start);
  const p = end < 0 ? arn.slice(start) : arn.slice(start, end);
  return p.length > 0 ? p : 'aws';
}
