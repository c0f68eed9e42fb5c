import { LITERAL_QUESTION, LITERAL_STAR, compileWildcard, type WildcardMatcher } from '../../shared/policy/compileWildcard.ts';

/**
 * A small EventBridge content-filter matcher for tests: does `event` match `pattern`?
 * Supports exact values (string, number, boolean, null), arrays as OR, nested objects, and the
 * matchers `prefix`, `suffix`, `equals-ignore-case`, `anything-but` (value, list, or `{prefix}`/
 * `{suffix}`), `exists`, `numeric`, `wildcard` and `$or`. Unknown matchers throw, so a pattern this
 * matcher does not understand can never pass a test by accident.
 */
export function matchEventPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') {
      if (!Array.isArray(rule)) throw new Error('$or must be a list of patterns');
      return rule.some((alternative) => matchEventPattern(alternative as Record<string, unknown>, event));
    }
    return matchField(rule, event[key], key in event);
  });
}

function matchField(rule: unknown, value: unknown, present: boolean): boolean {
  if (Array.isArray(rule)) {
    if (rule.length === 0) throw new Error('An empty matcher list matches nothing and is rejected by EventBridge');
    // An array in the event matches when any element matches.
    const candidates = Array.isArray(value) ? value : [value];
    return rule.some((matcher) => {
      if (isObject(matcher) && 'exists' in matcher) return matchExists(matcher, present, value);
      return present && candidates.some((candidate) => matchLeaf(matcher, candidate));
    });
  }
  if (isObject(rule)) return present && isObject(value) && matchEventPattern(rule, value);
  throw new Error(`Pattern leaves must be lists, got ${JSON.stringify(rule)}`);
}

function matchExists(matcher: Record<string, unknown>, present: boolean, value: unknown): boolean {
  if (typeof matcher.exists !== 'boolean') throw new Error('exists takes true or false');
  // `exists` applies to leaf values: an object is not "present" for exists:true in EventBridge.
  const leafPresent = present && !isObject(value);
  return matcher.exists === leafPresent;
}

function matchLeaf(matcher: unknown, value: unknown): boolean {
  if (matcher === null || typeof matcher !== 'object') return value === matcher;
  const entries = Object.entries(matcher as Record<string, unknown>);
  if (entries.length !== 1) throw new Error(`A matcher has exactly one operator: ${JSON.stringify(matcher)}`);
  const [operator, argument] = entries[0]!;
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && matchAffix(argument, value, 'prefix');
    case 'suffix':
      return typeof value === 'string' && matchAffix(argument, value, 'suffix');
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof argument === 'string' && value.toLowerCase() === argument.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && typeof argument === 'string' && wildcardMatcher(argument).test(value);
    case 'anything-but':
      return matchAnythingBut(argument, value);
    case 'numeric':
      return typeof value === 'number' && matchNumeric(argument, value);
    default:
      throw new Error(`Unsupported EventBridge matcher "${operator}"`);
  }
}

function matchAffix(argument: unknown, value: string, kind: 'prefix' | 'suffix'): boolean {
  if (isObject(argument) && typeof argument['equals-ignore-case'] === 'string') {
    const affix = argument['equals-ignore-case'].toLowerCase();
    return kind === 'prefix' ? value.toLowerCase().startsWith(affix) : value.toLowerCase().endsWith(affix);
  }
  if (typeof argument !== 'string') throw new Error(`${kind} takes a string`);
  return kind === 'prefix' ? value.startsWith(argument) : value.endsWith(argument);
}

function matchAnythingBut(argument: unknown, value: unknown): boolean {
  if (value === undefined || isObject(value)) return false;
  if (Array.isArray(argument)) return !argument.includes(value);
  if (isObject(argument)) {
    if (typeof value !== 'string') return false;
    if (typeof argument.prefix === 'string') return !value.startsWith(argument.prefix);
    if (typeof argument.suffix === 'string') return !value.endsWith(argument.suffix);
    if (typeof argument['equals-ignore-case'] === 'string') return value.toLowerCase() !== argument['equals-ignore-case'].toLowerCase();
    throw new Error(`Unsupported anything-but argument ${JSON.stringify(argument)}`);
  }
  return value !== argument;
}

function matchNumeric(argument: unknown, value: number): boolean {
  if (!Array.isArray(argument) || argument.length % 2 !== 0) throw new Error('numeric takes [op, n, op, n...]');
  for (let i = 0; i < argument.length; i += 2) {
    const [op, n] = [argument[i], Number(argument[i + 1])];
    const ok = op === '=' ? value === n : op === '<' ? value < n : op === '<=' ? value <= n : op === '>' ? value > n : op === '>=' ? value >= n : undefined;
    if (ok === undefined) throw new Error(`Unsupported numeric operator ${String(op)}`);
    if (!ok) return false;
  }
  return true;
}

/**
 * EventBridge wildcards: `*` spans anything, `\\*` is a literal star, `?` is literal. Matched with the
 * engine's backtracking-free glob matcher (never a regular expression built from a pattern).
 */
function wildcardMatcher(wildcard: string): WildcardMatcher {
  const glob = wildcard.replace(/\\\*|\?/g, (c) => (c === '?' ? LITERAL_QUESTION : LITERAL_STAR));
  return compileWildcard(glob, 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
