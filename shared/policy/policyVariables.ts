import { LITERAL_QUESTION, LITERAL_STAR } from './compileWildcard.ts';

/** Request context with lower-cased keys, built once per evaluation. */
export type ContextMap = ReadonlyMap<string, string | string[] | boolean | number>;

export interface Substitution {
  /** The text with every resolvable variable replaced (wildcards in values made literal). */
  text: string;
  /** Lower-cased keys of variables the context could not resolve; replaced by `*` in `text`. */
  unresolved: string[];
}

const VARIABLE = /\$\{([^}]*)\}/g;
const KEY_WITH_DEFAULT = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/;

export function hasVariables(text: string): boolean {
  return text.includes('${');
}

const literal = (s: string): string => s.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION);

/** The single value a variable takes, or undefined when unknown or multi-valued. */
function variableValue(context: ContextMap, key: string): string | undefined {
  const v = context.get(key);
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.length === 1 ? v[0] : undefined;
  return String(v);
}

/**
 * Replaces `${key}` policy variables from the request context. `${*}`, `${?}` and `${$}` are the
 * escaped characters. A variable the context does not settle becomes a wildcard and is reported:
 * the text can then only tell whether a match is *possible*.
 */
export function substituteVariables(text: string, context: ContextMap): Substitution {
  const unresolved: string[] = [];
  const out = text.replace(VARIABLE, (whole, inner: string) => {
    const trimmed = inner.trim();
    if (trimmed === '*') return LITERAL_STAR;
    if (trimmed === '?') return LITERAL_QUESTION;
    if (trimmed === '$') return '$';
    const m = KEY_WITH_DEFAULT.exec(inner);
    if (!m?.[1]) return whole;
    const key = m[1].toLowerCase();
    const value = variableValue(context, key);
    if (value !== undefined) return literal(value);
    if (!unresolved.includes(key)) unresolved.push(key);
    return '*';
  });
  return { text: out, unresolved };
}
