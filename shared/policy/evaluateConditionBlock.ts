import type { AccessRequest } from './AccessRequest.ts';
import { compileConditionBlock, type CompiledCondition, type CompiledConditionBlock } from './compileConditionBlock.ts';
import { OPERATORS, type OperatorSemantics } from './conditionMatchers.ts';
import { isMultivaluedKey, substituteVariables, type ContextMap } from './policyVariables.ts';
import { undecidedArnPattern } from './undecidedArnPattern.ts';
import type { ConditionBlock } from './types.ts';

export type ConditionContext = NonNullable<AccessRequest['context']>;
export type Tri = 'true' | 'false' | 'unknown';

export interface ConditionBlockResult {
  result: Tri;
  /** Lower-cased keys the context did not settle (empty unless `result` is `unknown`). */
  unknownKeys: string[];
  /** Operators met that Keycard does not evaluate (as written in the policy). */
  unsupportedOperators: string[];
  /** Why the IAM documentation does not decide the block, when that left it unknown (see StatementMatch.undecided). */
  undecided?: string[];
}

const contextMaps = new WeakMap<ConditionContext, ContextMap>();
const EMPTY_CONTEXT: ContextMap = new Map();

/**
 * Lower-cases context keys once so that `AWS:SourceArn` and `aws:sourcearn` are the same key. Cached
 * per context object: callers that ask many questions in one context pass the same object.
 * Callers must not change a context object after passing it.
 */
export function toContextMap(context: ConditionContext | undefined): ContextMap {
  if (!context) return EMPTY_CONTEXT;
  const known = contextMaps.get(context);
  if (known !== undefined) return known;
  const map = new Map<string, string | string[] | boolean | number>();
  for (const [k, v] of Object.entries(context)) map.set(k.toLowerCase(), v);
  contextMaps.set(context, map);
  return map;
}

const not = (x: Tri): Tri => (x === 'true' ? 'false' : x === 'false' ? 'true' : 'unknown');

/**
 * Policy values with variables substituted; values whose variables stay unresolved are set aside.
 * A value holding a variable with no value is null and dropped: it equals and is like nothing
 * (IAM, "Policy variables with no value"), so StringEquals fails on it and StringNotEquals passes.
 */
interface ResolvedValues {
  values: string[];
  unresolved: string[];
}

function resolveValues(c: CompiledCondition, context: ContextMap): ResolvedValues {
  if (!c.valuesHaveVariables) return { values: c.values, unresolved: [] };
  const values: string[] = [];
  const unresolved: string[] = [];
  for (const v of c.values) {
    const s = substituteVariables(v, context);
    if (s.noValue.length > 0) continue;
    if (s.unresolved.length === 0) values.push(s.text);
    else unresolved.push(...s.unresolved);
  }
  return { values, unresolved };
}

/** Collects the reasons of one evaluation that the documentation does not decide. */
type Undecided = Set<string>;

/** One request value against the policy values: OR, turned into NOR for negated operators. */
function oneValue(semantics: OperatorSemantics, requestValue: string, policy: ResolvedValues, undecided: Undecided): Tri {
  let hit: Tri = 'false';
  let why: string | undefined;
  for (const pv of policy.values) {
    if (!semantics.matcher(requestValue, pv)) continue;
    why = semantics.arn ? undecidedArnPattern(pv) : undefined;
    if (why === undefined) {
      hit = 'true';
      break;
    }
    hit = 'unknown';
  }
  if (hit === 'unknown' && why !== undefined) undecided.add(why);
  if (hit === 'false' && policy.unresolved.length > 0) hit = 'unknown';
  return semantics.negated ? not(hit) : hit;
}

/**
 * One operator/key pair. A key absent from the context is unknown; a key mapped to `[]` is known
 * to be absent from the request (IAM's rules for missing keys then apply).
 */
function evaluateOne(c: CompiledCondition, context: ContextMap, unknownKeys: Set<string>, undecided: Undecided): Tri {
  const raw = context.get(c.key);
  if (raw === undefined) {
    unknownKeys.add(c.key);
    return 'unknown';
  }
  const absent = Array.isArray(raw) && raw.length === 0;
  if (c.parsed.operator === 'Null') {
    return c.values.some((v) => (v.toLowerCase() === 'true') === absent) ? 'true' : 'false';
  }
  const semantics = OPERATORS[c.parsed.operator];
  if (!semantics) {
    unknownKeys.add(c.key);
    return 'unknown';
  }
  if (absent) {
    if (c.parsed.ifExists && c.parsed.setOperator === 'ForAnyValue') {
      // ForAnyValue on an absent key is false, IfExists on one true: the documentation does not say which wins.
      unknownKeys.add(c.key);
      undecided.add(`${c.rawOperator} on "${c.key}", absent from the request: the IAM documentation does not say whether ForAnyValue (false) or IfExists (true) applies`);
      return 'unknown';
    }
    if (c.parsed.ifExists || c.parsed.setOperator === 'ForAllValues') return 'true';
    if (c.parsed.setOperator === 'ForAnyValue') return 'false';
    return semantics.negated ? 'true' : 'false';
  }
  if (!c.parsed.setOperator && isMultivaluedKey(c.key, raw)) {
    // "Multivalued context keys require a condition set operator": without one, IAM does not document the comparison.
    unknownKeys.add(c.key);
    undecided.add(`${c.rawOperator} on the multivalued key "${c.key}" without ForAnyValue or ForAllValues, which the IAM documentation does not define`);
    return 'unknown';
  }
  const policy = resolveValues(c, context);
  const undecidedBefore = undecided.size;
  let result: Tri;
  if (!Array.isArray(raw)) {
    result = oneValue(semantics, String(raw), policy, undecided);
  } else {
    // ForAllValues: every request value must pass. ForAnyValue: one must. Without a set operator the
    // key holds one value here (several make it multivalued, undecided above).
    const every = c.parsed.setOperator === 'ForAllValues';
    let sawUnknown = false;
    result = every ? 'true' : 'false';
    for (const rv of raw) {
      const r = oneValue(semantics, String(rv), policy, undecided);
      if (r === 'unknown') sawUnknown = true;
      else if (every && r === 'false') return 'false';
      else if (!every && r === 'true') return 'true';
    }
    if (sawUnknown) result = 'unknown';
  }
  // The key's value is known here: only unresolved policy variables can leave the answer open.
  if (result === 'unknown') {
    for (const k of policy.unresolved) unknownKeys.add(k);
    if (undecided.size > undecidedBefore) unknownKeys.add(c.key);
  }
  return result;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** Evaluates a pre-compiled block (AND over operators and keys); stops at the first known false. */
export function evaluateCompiledConditions(block: CompiledConditionBlock, context: ContextMap): ConditionBlockResult {
  const unknownKeys = new Set<string>();
  const undecided: Undecided = new Set();
  let sawUnknown = false;
  for (const c of block.conditions) {
    let r: Tri;
    if (!c.parsed.supported) {
      unknownKeys.add(c.key);
      r = 'unknown';
    } else {
      r = evaluateOne(c, context, unknownKeys, undecided);
    }
    if (r === 'false') return { result: 'false', unknownKeys: [], unsupportedOperators: [...block.unsupportedOperators] };
    if (r === 'unknown') sawUnknown = true;
  }
  const result: ConditionBlockResult = {
    result: sawUnknown ? 'unknown' : 'true',
    unknownKeys: sawUnknown ? [...unknownKeys].sort() : [...NO_KEYS],
    unsupportedOperators: [...block.unsupportedOperators],
  };
  if (sawUnknown && undecided.size > 0) result.undecided = [...undecided];
  return result;
}

/**
 * Three-valued evaluation of a statement's Condition block against a request context whose keys
 * are compared case-insensitively. Several operators or keys: AND; several values for a key: OR
 * (NOR for negated operators). Keys missing from `context` are unknown, never false.
 */
export function evaluateConditionBlock(block: ConditionBlock, context: ConditionContext | undefined): ConditionBlockResult {
  return evaluateCompiledConditions(compileConditionBlock(block), toContextMap(context));
}
