import type { AccessRequest } from './AccessRequest.ts';
import { describeStatement } from './describeStatement.ts';
import { evaluateLayer, RequestState } from './evaluateLayer.ts';
import type { EvaluationResult, LayerResult, StatementMatch } from './EvaluationResult.ts';
import type { PolicySource } from './types.ts';

const firstUnconditional = (ms: StatementMatch[]): StatementMatch | undefined => ms.find((m) => m.unconditional);
const conditionalOnes = (ms: StatementMatch[]): StatementMatch[] => ms.filter((m) => !m.unconditional);
const keysOf = (ms: StatementMatch[]): string[] => ms.flatMap((m) => m.conditionKeys);

function explain(
  request: AccessRequest,
  identity: LayerResult,
  boundary: LayerResult | undefined,
  boundaryName: string | undefined,
  decision: EvaluationResult['decision'],
  conditionKeys: string[],
  undecided: string[],
): string {
  const what = `${request.action} on ${request.resource}`;
  if (decision === 'ExplicitlyDenied') {
    const deny = firstUnconditional(identity.deniedBy) ?? firstUnconditional(boundary?.deniedBy ?? []);
    return `${what} is explicitly denied by ${deny ? describeStatement(deny) : 'a Deny statement'}.`;
  }
  const allow = firstUnconditional(identity.allowedBy) ?? identity.allowedBy[0];
  if (decision === 'ImplicitlyDenied') {
    if (!allow) return `${what} is implicitly denied: no statement in the identity policies allows it.`;
    return `${what} is implicitly denied: ${describeStatement(allow)} allows it but the permissions boundary "${boundaryName ?? ''}" does not.`;
  }
  const bAllow = boundary ? (firstUnconditional(boundary.allowedBy) ?? boundary.allowedBy[0]) : undefined;
  const within = bAllow ? ` within ${describeStatement(bAllow)}` : '';
  if (decision === 'Allowed') return `${what} is allowed by ${allow ? describeStatement(allow) : 'an Allow'}${within}.`;
  const deny = identity.deniedBy[0] ?? boundary?.deniedBy[0];
  const unless = deny ? ` unless the conditional Deny in ${describeStatement(deny)} applies` : '';
  const on = conditionKeys.join(', ') || (undecided.length > 0 ? 'a match the IAM documentation does not decide' : 'unsupported condition');
  const why = undecided.length > 0 ? `; unknown because ${undecided.join('; ')}` : '';
  return `${what} is allowed only under conditions (${on}) by ${allow ? describeStatement(allow) : 'an Allow'}${within}${unless}${why}.`;
}

/** Reasons the documentation does not decide, from the statements that left the decision open. */
function undecidedOf(layers: Array<LayerResult | undefined>): string[] {
  const out = new Set<string>();
  for (const l of layers) {
    for (const m of [...(l?.allowedBy ?? []), ...(l?.deniedBy ?? [])]) {
      if (!m.unconditional) for (const u of m.undecided ?? []) out.add(u);
    }
  }
  return [...out];
}

/**
 * IAM's evaluation for a role in its own account (no SCP, no session policy): an explicit Deny in
 * the identity policies or the boundary wins; otherwise the identity policies must Allow and, when
 * present, so must the boundary. Conditions the context cannot settle make the answer conditional.
 */
export function evaluateIdentityPolicies(
  request: AccessRequest,
  policies: readonly PolicySource[],
  boundary?: PolicySource,
): EvaluationResult {
  const state = new RequestState(request);
  const identity = evaluateLayer(policies, state);
  const bLayer = boundary ? evaluateLayer([boundary], state) : undefined;

  let decision: EvaluationResult['decision'];
  let conditionKeys: string[] = [];
  let undecided: string[] = [];
  if (identity.deny === 'unconditional' || bLayer?.deny === 'unconditional') decision = 'ExplicitlyDenied';
  else if (identity.allow === 'none' || bLayer?.allow === 'none') decision = 'ImplicitlyDenied';
  else if (
    identity.allow === 'unconditional' &&
    (!bLayer || bLayer.allow === 'unconditional') &&
    identity.deny === 'none' &&
    (!bLayer || bLayer.deny === 'none')
  ) decision = 'Allowed';
  else {
    decision = 'ConditionallyAllowed';
    const keys = new Set<string>([
      ...(identity.allow === 'conditional' ? keysOf(conditionalOnes(identity.allowedBy)) : []),
      ...(bLayer?.allow === 'conditional' ? keysOf(conditionalOnes(bLayer.allowedBy)) : []),
      ...keysOf(identity.deniedBy),
      ...keysOf(bLayer?.deniedBy ?? []),
    ]);
    conditionKeys = [...keys].sort();
    undecided = undecidedOf([identity, bLayer]);
  }

  const result = new Answer(request, decision, identity, bLayer, boundary?.name, conditionKeys, undecided);
  if (state.unsupportedOperators !== undefined) result.unsupportedOperators = [...state.unsupportedOperators].sort();
  if (undecided.length > 0) result.undecided = undecided;
  return result;
}

/**
 * An answer whose sentence is written on first read: most answers (tens of thousands per audit) are
 * never explained, and building each one is the evaluator's largest allocation. A class, so that
 * `explanation` is one getter on the prototype, not a closure and an accessor made for every answer.
 */
class Answer implements EvaluationResult {
  decision: EvaluationResult['decision'];
  identity: LayerResult;
  declare boundary?: LayerResult;
  conditionKeys: string[];
  declare unsupportedOperators?: string[];
  declare undecided?: string[];
  readonly #request: AccessRequest;
  readonly #boundaryName: string | undefined;
  readonly #undecided: string[];
  #explanation: string | undefined;

  constructor(
    request: AccessRequest,
    decision: EvaluationResult['decision'],
    identity: LayerResult,
    boundary: LayerResult | undefined,
    boundaryName: string | undefined,
    conditionKeys: string[],
    undecided: string[],
  ) {
    this.decision = decision;
    this.identity = identity;
    if (boundary) this.boundary = boundary;
    this.conditionKeys = conditionKeys;
    this.#request = request;
    this.#boundaryName = boundaryName;
    this.#undecided = undecided;
  }

  get explanation(): string {
    return (this.#explanation ??= explain(this.#request, this.identity, this.boundary, this.#boundaryName, this.decision, this.conditionKeys, this.#undecided));
  }
}
