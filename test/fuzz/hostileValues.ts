import fc from 'fast-check';

/** Strings an attacker (or a broken tool) can put in a snapshot, an argument or an event. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '*',
    '?',
    '*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*#',
    `${'*a'.repeat(200)}*b`,
    '../../etc/passwd',
    '\u001b[2J\u001b[31mSummary: 0 findings',
    'name\nSummary: 0 findings',
    'a\u0000b',
    '\u202egnp.exe',
    '0x5',
    '1e3',
    '-1',
    'NaN',
    ',,,',
    '${aws:username}',
    'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
    'arn:aws:iam::123456789012:role/x',
    '%7B%22Version%22%3A%222012-10-17%22%7D',
    '{"Version":"2012-10-17","Statement":"x"}',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.nat({ max: 3 }).map((n) => 'x'.repeat(10 ** (n + 2))),
);

/** Any JSON value, biased to the wrong-typed, the empty and the deep. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, [], {}, [null], [[]], { '': null }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.nat({ max: 2_000 }).map((depth) => new DeepValue(depth)),
);

/** Arrays and objects nested `depth` levels, built only when placed (so a counterexample prints short). */
export class DeepValue {
  constructor(readonly depth: number) {}

  build(): unknown {
    let value: unknown = 'deep';
    for (let i = 0; i < this.depth; i++) value = i % 2 === 0 ? [value] : { Statement: value };
    return value;
  }

  toString(): string {
    return `DeepValue(${this.depth})`;
  }
}
