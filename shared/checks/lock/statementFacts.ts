/**
 * Per-statement facts every lock check asks for (condition uses, principals), computed once per
 * statement object: the five lock checks each read the same statements, and an account may hold
 * ten thousand policies.
 */
import type { PolicyStatement } from '../../policy/types.ts';
import type { PrincipalSet } from '../../policy/index.ts';
import { conditionKeysIn, principalsOf } from '../../policy/index.ts';

export interface ConditionUse {
  /** The operator as written, e.g. `ArnLike`. */
  operator: string;
  /** Lower-cased key, e.g. `aws:sourcearn`. */
  key: string;
  values: string[];
}

interface StatementFacts {
  conditionUses: ConditionUse[];
  principals: PrincipalSet;
}

const cache = new WeakMap<PolicyStatement, StatementFacts>();

function factsOf(statement: PolicyStatement): StatementFacts {
  let facts = cache.get(statement);
  if (facts === undefined) {
    facts = {
      conditionUses: conditionKeysIn(statement).map((use) => ({
        operator: use.operator,
        key: use.key.toLowerCase(),
        values: use.values.map(String),
      })),
      principals: principalsOf(statement),
    };
    cache.set(statement, facts);
  }
  return facts;
}

/** Every operator/key/values triple of the statement's Condition, keys lower-cased. */
export function conditionUsesOf(statement: PolicyStatement): readonly ConditionUse[] {
  return factsOf(statement).conditionUses;
}

/** The statement's Principal by type (NotPrincipal not included). */
export function principalSetOf(statement: PolicyStatement): PrincipalSet {
  return factsOf(statement).principals;
}
