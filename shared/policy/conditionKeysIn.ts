import { compileConditionBlock } from './compileConditionBlock.ts';
import type { PolicyStatement } from './types.ts';

export interface ConditionKeyUse {
  /** The operator as written, e.g. `ArnLike` or `ForAnyValue:StringEquals`. */
  operator: string;
  /** Lower-cased condition key, e.g. `aws:sourcearn`. */
  key: string;
  values: string[];
}

/** Every operator/key/values triple of a statement's Condition, for checks that look for a pinning key. */
export function conditionKeysIn(statement: PolicyStatement): ConditionKeyUse[] {
  if (!statement.Condition) return [];
  return compileConditionBlock(statement.Condition).conditions.map((c) => ({ operator: c.rawOperator, key: c.key, values: [...c.values] }));
}
