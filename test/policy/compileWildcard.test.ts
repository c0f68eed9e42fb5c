import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { compileWildcard, LITERAL_QUESTION, LITERAL_STAR } from '../../shared/policy/compileWildcard.ts';
import { matchAction, matchResource } from '../../shared/policy/index.ts';

/** The textbook glob semantics as a regex: fine as an oracle on short inputs, exponential on hostile ones. */
function oracle(pattern: string, text: string, ignoreCase: boolean): boolean {
  const source = [...pattern]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(text);
}

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (next: () => number, alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');

describe('compileWildcard agrees with textbook glob semantics', () => {
  it('on 5,000 random string patterns and texts (seed 7)', () => {
    const next = random(7);
    for (let i = 0; i < 5_000; i++) {
      const pattern = pick(next, 'ab*?', Math.floor(next() * 8));
      const text = pick(next, 'ab', Math.floor(next() * 9));
      expect(compileWildcard(pattern, 'string').test(text), `${pattern} vs ${text}`).toBe(oracle(pattern, text, false));
    }
  });

  it('on 2,000 random action patterns, case-insensitively (seed 11)', () => {
    const next = random(11);
    for (let i = 0; i < 2_000; i++) {
      const pattern = pick(next, 'aB:*?', Math.floor(next() * 7));
      const text = pick(next, 'Ab:', Math.floor(next() * 8));
      expect(compileWildcard(pattern, 'action').test(text), `${pattern} vs ${text}`).toBe(oracle(pattern, text, true));
    }
  });

  it('on 1,000 long pieces holding `?` (over 32 characters, several mask words; seed 13)', () => {
    const next = random(13);
    for (let i = 0; i < 1_000; i++) {
      const piece = pick(next, 'aab?', 33 + Math.floor(next() * 60));
      const pattern = next() < 0.5 ? `*${piece}*` : `a*${piece}`;
      const text = pick(next, 'ab', 40 + Math.floor(next() * 120));
      expect(compileWildcard(pattern, 'string').test(text), `${pattern} vs ${text}`).toBe(oracle(pattern, text, false));
      // Plant a match, so that positives are exercised as well as misses.
      const planted = `b${piece.replaceAll('?', 'b')}a`;
      expect(compileWildcard(`*${piece}*`, 'string').test(planted), `${piece} in ${planted}`).toBe(true);
    }
  });

  it('keeps ARN head wildcards inside their segment, and lets the resource part span colons', () => {
    expect(matchResource('arn:aws:lambda:*:*:function:*', 'arn:aws:lambda:us-east-1:111122223333:function:fn:live')).toBe(true);
    expect(matchResource('arn:aws:lambda:*:function:*', 'arn:aws:lambda:us-east-1:111122223333:function:fn')).toBe(false);
    expect(matchResource('arn:aws:s3:::b?c', 'arn:aws:s3:::b:c')).toBe(true);
    expect(matchResource('arn:aw?:s3:::b', 'arn:aw::s3:::b')).toBe(false);
  });

  it('matches the stand-ins of ${*} and ${?} as literal characters only', () => {
    const glob = compileWildcard(`a${LITERAL_STAR}b${LITERAL_QUESTION}`, 'string');
    expect(glob.test('a*b?')).toBe(true);
    expect(glob.test('axb?')).toBe(false);
    expect(glob.test('a*bx')).toBe(false);
  });
});

describe('compileWildcard never backtracks', () => {
  const runs = (unit: string, length: number): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  const text = runs('a', 10_000);
  const hostile: [string, () => boolean][] = [
    ['action `*?` ×500 then `#`', () => matchAction(`${runs('*?', 999)}#`, text)],
    ['string `*a` ×500 then `b`', () => compileWildcard(`${runs('*a', 999)}b`, 'string').test(text)],
    ['resource log-group `**a*a…*b`', () =>
      matchResource(`arn:aws:logs:us-east-1:111122223333:log-group:**${runs('a*', 960)}b`, `arn:aws:logs:us-east-1:111122223333:log-group:${text}`)],
    ['resource function `*a*a…*b`', () =>
      matchResource(`arn:aws:lambda:us-east-1:111122223333:function:${runs('*a', 960)}*b`, `arn:aws:lambda:us-east-1:111122223333:function:${text}`)],
    ['`?a?a…` pieces against a long run', () => compileWildcard(`*${runs('?a', 998)}b*`, 'string').test(text)],
  ];

  it.each(hostile)('%s: 1,000-character pattern vs a 10,000-character text in well under 10 ms', (_, match) => {
    // The fastest of three runs, so that a busy machine's pause is not counted as the matcher's.
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      expect(match()).toBe(false);
      best = Math.min(best, performance.now() - start);
    }
    expect(best).toBeLessThan(10);
  });
});
