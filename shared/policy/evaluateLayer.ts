import type { AccessRequest } from './AccessRequest.ts';
import { evaluateCompiledConditions, toContextMap } from './evaluateConditionBlock.ts';
import type { LayerResult, MatchStrength, StatementMatch } from './EvaluationResult.ts';
import { compileWildcard } from './compileWildcard.ts';
import type { NormalizedStatement, ResourceMatcher } from './normalizeStatements.ts';
import { coversAction, normalizeStatements } from './normalizeStatements.ts';
import { substituteVariables, type ContextMap } from './policyVariables.ts';
import type { PolicySource } from './types.ts';

/** Per-request state shared by both layers: the lower-cased action and a lazily built context map. */
export class RequestState {
  readonly actionLower: string;
  /** Made on the first unsupported operator met: almost no request meets one. */
  unsupportedOperators: Set<string> | undefined;
  #context: ContextMap | undefined;

  constructor(readonly request: AccessRequest) {
    this.actionLower = request.action.toLowerCase();
  }

  contextMap(): ContextMap {
    return (this.#context ??= toContextMap(this.request.context));
  }
}

type Tri3 = { match: 'yes' | 'no' | 'maybe'; keys: string[] };
const YES: Tri3 = { match: 'yes', keys: [] };
const NO: Tri3 = { match: 'no', keys: [] };

function onePattern(m: ResourceMatcher, resource: string, state: RequestState): Tri3 {
  if (m === true) return YES;
  if ('exact' in m) return m.exact === resource ? YES : NO;
  if ('prefix' in m) return resource.startsWith(m.prefix) ? YES : NO;
  if ('glob' in m) return m.glob.test(resource) ? YES : NO;
  const sub = substituteVariables(m.variables, state.contextMap());
  if (!compileWildcard(sub.text, 'arn').test(resource)) return NO;
  // With an unresolved variable read as `*`, a hit only says the resource *could* match.
  return sub.unresolved.length === 0 ? YES : { match: 'maybe', keys: sub.unresolved };
}

function resourceMatches(s: NormalizedStatement, state: RequestState): Tri3 {
  if (!s.resources) return YES;
  let keys: string[] | undefined;
  for (const m of s.resources) {
    const r = onePattern(m, state.request.resource, state);
    if (r.match === 'yes') return s.notResource ? NO : YES;
    if (r.match === 'maybe') keys = keys ? [...keys, ...r.keys] : r.keys;
  }
  if (keys) return { match: 'maybe', keys };
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
  let conditionKnownTrue = true;
  if (s.conditions) {
    const c = evaluateCompiledConditions(s.conditions, state.contextMap());
    if (c.result === 'false') return undefined;
    if (c.result === 'unknown') {
      conditionKnownTrue = false;
      keys = keys.length === 0 ? c.unknownKeys : [...new Set([...keys, ...c.unknownKeys])].sort();
      for (const op of c.unsupportedOperators) (state.unsupportedOperators ??= new Set()).add(op);
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
  return match;
}

function strength(matches: StatementMatch[]): MatchStrength {
  if (matches.length === 0) return 'none';
  return matches.some((m) => m.unconditional) ? 'unconditional' : 'conditional';
}

/** Matches every statement of a set of policies (one layer) against the request. */
export function evaluateLayer(policies: readonly PolicySource[], state: RequestState): LayerResult {
  const allowedBy: StatementMatch[] = [];
  const deniedBy: StatementMatch[] = [];
  for (const source of policies) {
    for (const s of normalizeStatements(source.document)) {
      const m = matchStatement(source, s, state);
      if (m) (m.effect === 'Deny' ? deniedBy : allowedBy).push(m);
    }
  }
  return { allow: strength(allowedBy), deny: strength(deniedBy), allowedBy, deniedBy };
}
