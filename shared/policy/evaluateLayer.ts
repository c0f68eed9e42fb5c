import type { AccessRequest } from './AccessRequest.ts';
import { evaluateCompiledConditions, toContextMap } from './evaluateConditionBlock.ts';
import type { LayerResult, MatchStrength, StatementMatch } from './EvaluationResult.ts';
import { compileWildcard, type WildcardMatcher } from './compileWildcard.ts';
import type { NormalizedStatement, ResourceMatcher } from './normalizeStatements.ts';
import { coversAction } from './normalizeStatements.ts';
import { serviceIdOfAction, statementsMayCover } from './statementsMayCover.ts';
import { substituteVariables, type ContextMap } from './policyVariables.ts';
import type { PolicySource } from './types.ts';
import { undecidedArnPattern } from './undecidedArnPattern.ts';

/** Lower-cased actions and their service ids: an audit asks a few dozen actions tens of thousands of times. */
const actionKeys = new Map<string, { lower: string; service: number }>();
function actionKeyOf(action: string): { lower: string; service: number } {
  let key = actionKeys.get(action);
  if (key === undefined) {
    // Bounded: IAM has some thousands of actions, an audit asks far fewer.
    if (actionKeys.size >= 4096) actionKeys.clear();
    const lower = action.toLowerCase();
    key = { lower, service: serviceIdOfAction(lower) };
    actionKeys.set(action, key);
  }
  return key;
}

/** Per-request state shared by both layers: the lower-cased action and a lazily built context map. */
export class RequestState {
  readonly actionLower: string;
  /** The id of the action's service, which picks the statements that may cover it. */
  readonly actionService: number;
  /** Made on the first unsupported operator met: almost no request meets one. */
  unsupportedOperators: Set<string> | undefined;
  #context: ContextMap | undefined;

  constructor(readonly request: AccessRequest) {
    const action = actionKeyOf(request.action);
    this.actionLower = action.lower;
    this.actionService = action.service;
  }

  contextMap(): ContextMap {
    return (this.#context ??= toContextMap(this.request.context));
  }
}

/** A resource match: `maybe` names the unresolved keys and why the documentation does not decide. */
type Tri3 = { match: 'yes' | 'no' | 'maybe'; keys: string[]; undecided?: string[] };
const YES: Tri3 = { match: 'yes', keys: [] };
const NO: Tri3 = { match: 'no', keys: [] };

function globMatch(glob: WildcardMatcher, undecided: string | undefined, resource: string): Tri3 {
  if (!glob.test(resource)) return NO;
  return undecided === undefined ? YES : { match: 'maybe', keys: [], undecided: [undecided] };
}

function onePattern(m: ResourceMatcher, resource: string, state: RequestState): Tri3 {
  if (m === true) return YES;
  if ('exact' in m) return m.exact === resource ? YES : NO;
  if ('prefix' in m) return resource.startsWith(m.prefix) ? YES : NO;
  if ('glob' in m) return globMatch(m.glob, m.undecided, resource);
  const sub = substituteVariables(m.variables, state.contextMap());
  // A variable with no value is null: the entry names no resource (and, in NotResource, excludes none).
  if (sub.noValue.length > 0) return NO;
  const r = globMatch(compileWildcard(sub.text, 'arn'), undecidedArnPattern(sub.text), resource);
  // With an unresolved variable read as `*`, a hit only says the resource *could* match.
  if (r.match === 'no' || sub.unresolved.length === 0) return r;
  return { match: 'maybe', keys: sub.unresolved, ...(r.undecided ? { undecided: r.undecided } : {}) };
}

function resourceMatches(s: NormalizedStatement, state: RequestState): Tri3 {
  if (!s.resources) return YES;
  let keys: string[] | undefined;
  let undecided: string[] | undefined;
  for (const m of s.resources) {
    const r = onePattern(m, state.request.resource, state);
    if (r.match === 'yes') return s.notResource ? NO : YES;
    if (r.match === 'maybe') {
      keys = keys ? [...keys, ...r.keys] : r.keys;
      if (r.undecided) undecided = undecided ? [...undecided, ...r.undecided] : r.undecided;
    }
  }
  if (keys) return { match: 'maybe', keys, ...(undecided ? { undecided } : {}) };
  return s.notResource ? YES : NO;
}

/** How one statement applies to the request, or undefined when it does not. */
function matchStatement(
  source: PolicySource,
  s: NormalizedStatement,
  state: RequestState,
): StatementMatch | undefined {
  if (!coversAction(s, state.actionLower)) return undefined;
  const res = resourceMatches(s, state);
  if (res.match === 'no') return undefined;
  let keys = res.keys;
  let undecided = res.undecided;
  let conditionKnownTrue = true;
  if (s.conditions) {
    const c = evaluateCompiledConditions(s.conditions, state.contextMap());
    if (c.result === 'false') return undefined;
    if (c.result === 'unknown') {
      conditionKnownTrue = false;
      keys = keys.length === 0 ? c.unknownKeys : [...new Set([...keys, ...c.unknownKeys])].sort();
      for (const op of c.unsupportedOperators) (state.unsupportedOperators ??= new Set()).add(op);
      if (c.undecided) undecided = undecided ? [...undecided, ...c.undecided] : c.undecided;
    }
  }
  // Built field by field (no spreads): this runs for every matching statement of every request.
  const match: StatementMatch = {
    policyName: source.name,
    policyKind: source.kind,
    statementIndex: s.index,
    effect: s.effect,
    unconditional: conditionKnownTrue && res.match === 'yes',
    conditionKeys: keys !== res.keys ? keys : keys.length === 0 ? [] : [...new Set(keys)].sort(),
  };
  if (source.arn !== undefined) match.policyArn = source.arn;
  if (s.sid !== undefined) match.sid = s.sid;
  if (undecided !== undefined) match.undecided = [...new Set(undecided)];
  return match;
}

function strength(matches: StatementMatch[]): MatchStrength {
  if (matches.length === 0) return 'none';
  return matches.some((m) => m.unconditional) ? 'unconditional' : 'conditional';
}

/** The match list of a layer no statement of that effect matched (most are): shared, and frozen so it stays empty. */
const NO_MATCHES = Object.freeze([]) as unknown as StatementMatch[];

/** Matches every statement of a set of policies (one layer) against the request. */
export function evaluateLayer(policies: readonly PolicySource[], state: RequestState): LayerResult {
  let allowedBy: StatementMatch[] | undefined;
  let deniedBy: StatementMatch[] | undefined;
  for (const source of policies) {
    for (const s of statementsMayCover(source.document, state.actionService)) {
      const m = matchStatement(source, s, state);
      if (m) {
        if (m.effect === 'Deny') (deniedBy ??= []).push(m);
        else (allowedBy ??= []).push(m);
      }
    }
  }
  allowedBy ??= NO_MATCHES;
  deniedBy ??= NO_MATCHES;
  return { allow: strength(allowedBy), deny: strength(deniedBy), allowedBy, deniedBy };
}
