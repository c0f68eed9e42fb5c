/**
 * IAM wildcard patterns (`*`, `?`), compiled once per distinct pattern into matchers that never
 * backtrack: each piece between stars is placed once, at its leftmost fit, in one pass over the text
 * (O(text × ⌈piece/32⌉) for a piece holding `?`).
 *
 * Why not regular expressions: a pattern is attacker-controlled (anyone who can write a policy writes
 * one), and a backtracking regex for `*?*?*?…#` takes exponential time. Splitting on `*` and placing
 * each fixed-length piece at its leftmost fit is exact for globs and never backtracks.
 */
export type WildcardFlavour = 'action' | 'string' | 'arn';

/** What a compiled pattern offers: the one question callers ask. */
export interface WildcardMatcher {
  test(text: string): boolean;
}

const caches: Record<WildcardFlavour, Map<string, WildcardMatcher>> = {
  action: new Map(),
  string: new Map(),
  arn: new Map(),
};
const MAX_CACHE = 50_000;

/**
 * Stand-ins for a literal `*` / `?` (from the policy variables `${*}` / `${?}`, or substituted
 * values): private-use characters that never occur in ARNs or actions.
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

/** True when a pattern needs the wildcard path (wildcards or literal stand-ins). */
export const HAS_WILDCARD = /[*?\uE000\uE001]/;

/**
 * The literal prefix of a pattern whose only wildcard is one trailing `*` (`s3:*`, `arn:aws:s3:::b/*`),
 * else undefined. Such patterns are matched with `startsWith`: a trailing star is always in the last
 * segment of an ARN pattern, where it may span anything.
 */
export function trailingStarPrefix(pattern: string): string | undefined {
  if (!pattern.endsWith('*')) return undefined;
  const prefix = pattern.slice(0, -1);
  return HAS_WILDCARD.test(prefix) ? undefined : prefix;
}

/**
 * A run of the pattern between two `*`: literal characters, where `?` matches any one. A piece with
 * no `?` is found with indexOf; one with `?` with a bit-parallel (shift-and) scan, one pass over the
 * text whatever the piece holds.
 */
class Piece {
  readonly text: string;
  /** Bit i of `masks.get(c)` is set when position i accepts character code c; `anyMask` for others. */
  readonly #masks = new Map<number, Uint32Array>();
  readonly #anyMask: Uint32Array | undefined;
  readonly #words: number;

  constructor(raw: string) {
    let text = '';
    const any: number[] = [];
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i]!;
      if (ch === '?') any.push(i);
      // The stand-ins mean the characters themselves, matched literally.
      text += ch === LITERAL_STAR ? '*' : ch === LITERAL_QUESTION ? '?' : ch;
    }
    this.text = text;
    this.#words = Math.ceil(text.length / 32);
    if (any.length === 0) return;
    const anyMask = new Uint32Array(this.#words);
    for (const i of any) anyMask[i >>> 5]! |= 1 << (i & 31);
    this.#anyMask = anyMask;
    for (let i = 0; i < text.length; i++) {
      if (any.includes(i)) continue;
      const code = text.charCodeAt(i);
      let mask = this.#masks.get(code);
      if (!mask) this.#masks.set(code, (mask = anyMask.slice()));
      mask[i >>> 5]! |= 1 << (i & 31);
    }
  }

  /** Does the piece match `text` at exactly `at`? */
  at(text: string, at: number): boolean {
    if (!this.#anyMask) return text.startsWith(this.text, at);
    if (at + this.text.length > text.length) return false;
    for (let i = 0; i < this.text.length; i++) {
      const bit = this.#bit(text.charCodeAt(at + i), i);
      if (!bit) return false;
    }
    return true;
  }

  /** Leftmost position ≥ `from` where the piece fits and ends by `limit`, or -1. */
  find(text: string, from: number, limit: number): number {
    const length = this.text.length;
    if (!this.#anyMask) {
      const at = text.indexOf(this.text, from);
      return at >= 0 && at + length <= limit ? at : -1;
    }
    const words = this.#words;
    const lastWord = words - 1;
    const lastBit = 1 << ((length - 1) & 31);
    const state = new Uint32Array(words);
    for (let j = from; j < limit; j++) {
      const mask = this.#masks.get(text.charCodeAt(j)) ?? this.#anyMask;
      let carry = 1;
      for (let w = 0; w < words; w++) {
        const v = state[w]!;
        state[w] = ((v << 1) | carry) & mask[w]!;
        carry = v >>> 31;
      }
      if (state[lastWord]! & lastBit) return j - length + 1;
    }
    return -1;
  }

  #bit(code: number, i: number): number {
    const mask = this.#masks.get(code) ?? this.#anyMask!;
    return mask[i >>> 5]! & (1 << (i & 31));
  }
}

/** A glob over a whole string: `*` spans any run, `?` any one character. */
class Glob implements WildcardMatcher {
  readonly #pieces: Piece[];
  readonly #lowerCase: boolean;

  constructor(pattern: string, lowerCase: boolean) {
    this.#lowerCase = lowerCase;
    this.#pieces = (lowerCase ? pattern.toLowerCase() : pattern).split('*').map((raw) => new Piece(raw));
  }

  test(input: string): boolean {
    const text = this.#lowerCase ? input.toLowerCase() : input;
    const pieces = this.#pieces;
    const first = pieces[0]!;
    if (pieces.length === 1) return text.length === first.text.length && first.at(text, 0);
    const tail = pieces[pieces.length - 1]!;
    const tailAt = text.length - tail.text.length;
    if (tailAt < first.text.length) return false;
    if (!first.at(text, 0) || !tail.at(text, tailAt)) return false;
    // Leftmost placement of each middle piece is optimal: a later fit leaves less room, never more.
    let at = first.text.length;
    for (let i = 1; i < pieces.length - 1; i++) {
      const piece = pieces[i]!;
      const found = piece.find(text, at, tailAt);
      if (found < 0) return false;
      at = found + piece.text.length;
    }
    return true;
  }
}

const ARN_HEAD_SEGMENTS = 5;

/** The first five `:`-separated segments and the rest, or undefined when there are fewer than six. */
function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < ARN_HEAD_SEGMENTS; i++) {
    const at = text.indexOf(':', from);
    if (at < 0) return undefined;
    parts.push(text.slice(from, at));
    from = at + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

/**
 * ARN patterns: the first five colon-separated segments are matched separately (a wildcard there
 * cannot cross a colon); everything after the fifth colon is the resource part, where `*` matches
 * anything. A pattern with fewer than six segments is matched as a whole-string glob.
 */
class ArnGlob implements WildcardMatcher {
  readonly #segments: Glob[];

  constructor(parts: string[]) {
    this.#segments = parts.map((p) => new Glob(p, false));
  }

  test(text: string): boolean {
    const parts = splitArn(text);
    if (!parts) return false;
    for (let i = 0; i < parts.length; i++) if (!this.#segments[i]!.test(parts[i]!)) return false;
    return true;
  }
}

function compile(pattern: string, flavour: WildcardFlavour): WildcardMatcher {
  if (flavour === 'arn') {
    const parts = splitArn(pattern);
    return parts ? new ArnGlob(parts) : new Glob(pattern, false);
  }
  return new Glob(pattern, flavour === 'action');
}

export function compileWildcard(pattern: string, flavour: WildcardFlavour): WildcardMatcher {
  const cache = caches[flavour];
  let matcher = cache.get(pattern);
  if (matcher) return matcher;
  matcher = compile(pattern, flavour);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(pattern, matcher);
  return matcher;
}
