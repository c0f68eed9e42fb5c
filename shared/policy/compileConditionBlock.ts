import { parseConditionOperator, type ParsedConditionOperator } from './parseConditionOperator.ts';
import { hasVariables } from './policyVariables.ts';
import type { ConditionBlock } from './types.ts';

/** One operator/key pair of a Condition block, ready to evaluate. */
export interface CompiledCondition {
  /** The operator as written in the policy, e.g. `ForAnyValue:StringLike`. */
  rawOperator: string;
  parsed: ParsedConditionOperator;
  /** Lower-cased condition key. */
  key: string;
  values: string[];
  valuesHaveVariables: boolean;
}

export interface CompiledConditionBlock {
  conditions: CompiledCondition[];
  /** Operators of the block Keycard does not evaluate, as written. */
  unsupportedOperators: string[];
}

const caches = { variables: new WeakMap<ConditionBlock, CompiledConditionBlock>(), literal: new WeakMap<ConditionBlock, CompiledConditionBlock>() };

function valueList(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x) => x !== null && x !== undefined).map((x) => String(x));
}

/**
 * Flattens a Condition block once; cached per block object. `variables` false (a document without
 * Version 2012-10-17) keeps `${...}` in values as literal text.
 */
export function compileConditionBlock(block: ConditionBlock, variables = true): CompiledConditionBlock {
  const cache = variables ? caches.variables : caches.literal;
  const hit = cache.get(block);
  if (hit) return hit;
  const conditions: CompiledCondition[] = [];
  const unsupportedOperators: string[] = [];
  for (const [rawOperator, keys] of Object.entries(block)) {
    const parsed = parseConditionOperator(rawOperator);
    if (!parsed.supported) unsupportedOperators.push(rawOperator);
    for (const [key, raw] of Object.entries(keys ?? {})) {
      const values = valueList(raw);
      conditions.push({ rawOperator, parsed, key: key.toLowerCase(), values, valuesHaveVariables: variables && values.some(hasVariables) });
    }
  }
  const compiled = { conditions, unsupportedOperators };
  cache.set(block, compiled);
  return compiled;
}
