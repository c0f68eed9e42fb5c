import { LITERAL_QUESTION, LITERAL_STAR } from './compileWildcard.ts';

/** Request context with lower-cased keys, built once per evaluation. */
export type ContextMap = ReadonlyMap<string, string | string[] | boolean | number>;

export interface Substitution {
  /** The text with every resolvable variable replaced (wildcards in values made literal). */
  text: string;
  /** Lower-cased keys of variables the context could not settle; replaced by `*` in `text`. */
  unresolved: string[];
  /**
   * Lower-cased keys of variables with no value (the key is known absent, or multivalued) and no
   * default. IAM reads such a variable as null: the text then equals and is like nothing.
   */
  noValue: string[];
}

const VARIABLE = /\$\{([^}]*)\}/g;
const KEY_WITH_DEFAULT = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/**
 * Global keys IAM documents as multivalued. A multivalued key cannot be used as a policy variable,
 * and needs ForAnyValue/ForAllValues in a condition. Any key the context gives several values is
 * multivalued too.
 */
const MULTIVALUED_KEYS = new Set([
  'aws:tagkeys',
  'aws:calledvia',
  'aws:principalservicenameslist',
  'aws:principalorgpaths',
  'aws:resourceorgpaths',
]);

export function isMultivaluedKey(key: string, value?: unknown): boolean {
  return MULTIVALUED_KEYS.has(key) || key.endsWith(':tagkeys') || (Array.isArray(value) && value.length > 1);
}

export function hasVariables(text: string): boolean {
  return text.includes('${');
}

const literal = (s: string): string => s.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION);

/** The single value a variable takes; `null` when it has none; undefined when the context does not say. */
function variableValue(context: ContextMap, key: string): string | null | undefined {
  const v = context.get(key);
  if (v === undefined) return undefined;
  if (isMultivaluedKey(key, v)) return null; // "You cannot use a multivalued context key as a policy variable."
  if (Array.isArray(v)) return v.length === 1 ? v[0]! : null; // [] = known absent
  return String(v);
}

/**
 * Replaces `${key}` and `${key, 'default'}` policy variables from the request context (IAM, "Policy
 * variables": "Specifying default values", "Policy variables with no value"). `${*}`, `${?}` and
 * `${$}` are the escaped characters. A variable the context does not settle becomes a wildcard and is
 * reported as unresolved; one with no value (and no default) is reported as such.
 */
export function substituteVariables(text: string, context: ContextMap): Substitution {
  const unresolved: string[] = [];
  const noValue: string[] = [];
  const out = text.replace(VARIABLE, (whole, inner: string) => {
    const trimmed = inner.trim();
    if (trimmed === '*') return LITERAL_STAR;
    if (trimmed === '?') return LITERAL_QUESTION;
    if (trimmed === '$') return '$';
    const m = KEY_WITH_DEFAULT.exec(inner);
    if (!m?.[1]) return whole;
    const key = m[1].toLowerCase();
    const value = variableValue(context, key);
    if (typeof value === 'string') return literal(value);
    if (value === null && m[2] !== undefined) return literal(m[2]);
    const list = value === null ? noValue : unresolved;
    if (!list.includes(key)) list.push(key);
    return '*';
  });
  return { text: out, unresolved, noValue };
}
