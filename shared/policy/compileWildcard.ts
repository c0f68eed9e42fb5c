/**
 * Compiles IAM wildcard patterns (`*`, `?`) to anchored regular expressions, once per distinct
 * pattern: checks ask the same few hundred patterns millions of times.
 */
export type WildcardFlavour = 'action' | 'string' | 'arn';

const caches: Record<WildcardFlavour, Map<string, RegExp>> = {
  action: new Map(),
  string: new Map(),
  arn: new Map(),
};
const MAX_CACHE = 50_000;

const escapeRegex = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * Stand-ins for a literal `*` / `?` (from the policy variables `${*}` / `${?}`, or substituted
 * values): private-use characters that never occur in ARNs or actions.
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

/** True when a pattern needs the regex path (wildcards or literal stand-ins). */
export const HAS_WILDCARD = /[*?\uE000\uE001]/;

/**
 * The literal prefix of a pattern whose only wildcard is one trailing `*` (`s3:*`, `arn:aws:s3:::b/*`),
 * else undefined. Such patterns are matched with `startsWith`, without a regex: a trailing star is
 * always in the last segment of an ARN pattern, where it may span anything.
 */
export function trailingStarPrefix(pattern: string): string | undefined {
  if (!pattern.endsWith('*')) return undefined;
  const prefix = pattern.slice(0, -1);
  return HAS_WILDCARD.test(prefix) ? undefined : prefix;
}

/** `*` -> any run, `?` -> any one character; everything else literal. */
function globSource(pattern: string, star: string, one: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += star;
    else if (ch === '?') out += one;
    else if (ch === LITERAL_STAR) out += '\\*';
    else if (ch === LITERAL_QUESTION) out += '\\?';
    else out += escapeRegex(ch);
  }
  return out;
}

/**
 * ARN patterns: the first five colon-separated segments are matched separately (a wildcard there
 * cannot cross a colon); everything after the fifth colon is the resource part, where `*` matches
 * anything. A pattern with fewer than six segments is matched as a whole-string glob.
 */
function arnSource(pattern: string): string {
  const parts: string[] = [];
  let rest = pattern;
  for (let i = 0; i < 5; i++) {
    const at = rest.indexOf(':');
    if (at < 0) return globSource(pattern, '.*', '.');
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  return parts.map((p) => globSource(p, '[^:]*', '[^:]')).join(':') + ':' + globSource(rest, '.*', '.');
}

export function compileWildcard(pattern: string, flavour: WildcardFlavour): RegExp {
  const cache = caches[flavour];
  let re = cache.get(pattern);
  if (re) return re;
  const source = flavour === 'arn' ? arnSource(pattern) : globSource(pattern, '.*', '.');
  re = new RegExp(`^${source}$`, flavour === 'action' ? 'is' : 's');
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(pattern, re);
  return re;
}
