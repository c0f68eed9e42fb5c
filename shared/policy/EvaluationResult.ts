/**
 * What the evaluator answers. Three-valued on purpose: an Allow that depends on a condition
 * Keycard cannot judge is never a guarantee, and a Deny that depends on one is never a safeguard.
 */
import type { Effect, PolicyKind } from './types.ts';

export type Decision = 'Allowed' | 'ConditionallyAllowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** How a set of statements of one effect matched a request. */
export type MatchStrength = 'none' | 'conditional' | 'unconditional';

export interface StatementMatch {
  policyName: string;
  policyArn?: string;
  policyKind: PolicyKind;
  statementIndex: number;
  sid?: string;
  effect: Effect;
  /** True when the statement applies whatever the request context (no condition, or conditions known true). */
  unconditional: boolean;
  /** Condition keys (lower-cased) the statement depends on and that the request context did not settle. */
  conditionKeys: string[];
  /**
   * Why the IAM documentation does not decide whether the statement applies (a wildcard in an ARN's
   * resource type, an ARN pattern of fewer than six parts, a multivalued key without a set operator,
   * `ForAnyValue:...IfExists` on an absent key). Such a match is unknown: never a grant, never a safeguard.
   */
  undecided?: string[];
}

/** One layer: the identity policies, or the permissions boundary. */
export interface LayerResult {
  allow: MatchStrength;
  deny: MatchStrength;
  allowedBy: StatementMatch[];
  deniedBy: StatementMatch[];
}

export interface EvaluationResult {
  decision: Decision;
  identity: LayerResult;
  /** Present when the role has a permissions boundary. */
  boundary?: LayerResult;
  /** Keys (lower-cased) the decision depends on when it is ConditionallyAllowed. */
  conditionKeys: string[];
  /** One sentence naming the policy and statement that decided it. */
  explanation: string;
  /**
   * Condition operators Keycard does not understand, met in statements that matched the request.
   * Such statements count as unknown-condition: never a grant, never a safeguard.
   */
  unsupportedOperators?: string[];
  /** Present when the decision rests on a match the IAM documentation does not decide (see StatementMatch). */
  undecided?: string[];
}
