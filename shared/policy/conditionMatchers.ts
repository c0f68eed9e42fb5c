import { compileWildcard } from './compileWildcard.ts';
import { ipInCidr } from './ipAddress.ts';
import { matchResource } from './matchResource.ts';

/** Does one request value satisfy one policy value, for the positive form of an operator? */
export type ValueMatcher = (requestValue: string, policyValue: string) => boolean;

export interface OperatorSemantics {
  matcher: ValueMatcher;
  /** Negated operators (StringNotEquals, NotIpAddress...): several policy values combine as NOR. */
  negated: boolean;
  /** Arn* operators: their policy values are ARN patterns (see undecidedArnPattern). */
  arn?: boolean;
}

const toNumber = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

function toTime(s: string): number {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000; // epoch seconds
  return Date.parse(t);
}

const numeric = (cmp: (a: number, b: number) => boolean): ValueMatcher => (r, p) => {
  const a = toNumber(r);
  const b = toNumber(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
};

const date = (cmp: (a: number, b: number) => boolean): ValueMatcher => (r, p) => {
  const a = toTime(r);
  const b = toTime(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
};

const stringEquals: ValueMatcher = (r, p) => r === p;
const ignoreCase: ValueMatcher = (r, p) => r.toLowerCase() === p.toLowerCase();
const stringLike: ValueMatcher = (r, p) => compileWildcard(p, 'string').test(r);
const arnLike: ValueMatcher = (r, p) => matchResource(p, r);
const eq = (a: number, b: number): boolean => a === b;

/** Positive matcher and polarity of every supported base operator (Null is handled separately). */
export const OPERATORS: Readonly<Record<string, OperatorSemantics>> = {
  StringEquals: { matcher: stringEquals, negated: false },
  StringNotEquals: { matcher: stringEquals, negated: true },
  StringEqualsIgnoreCase: { matcher: ignoreCase, negated: false },
  StringNotEqualsIgnoreCase: { matcher: ignoreCase, negated: true },
  StringLike: { matcher: stringLike, negated: false },
  StringNotLike: { matcher: stringLike, negated: true },
  NumericEquals: { matcher: numeric(eq), negated: false },
  NumericNotEquals: { matcher: numeric(eq), negated: true },
  NumericLessThan: { matcher: numeric((a, b) => a < b), negated: false },
  NumericLessThanEquals: { matcher: numeric((a, b) => a <= b), negated: false },
  NumericGreaterThan: { matcher: numeric((a, b) => a > b), negated: false },
  NumericGreaterThanEquals: { matcher: numeric((a, b) => a >= b), negated: false },
  DateEquals: { matcher: date(eq), negated: false },
  DateNotEquals: { matcher: date(eq), negated: true },
  DateLessThan: { matcher: date((a, b) => a < b), negated: false },
  DateLessThanEquals: { matcher: date((a, b) => a <= b), negated: false },
  DateGreaterThan: { matcher: date((a, b) => a > b), negated: false },
  DateGreaterThanEquals: { matcher: date((a, b) => a >= b), negated: false },
  Bool: { matcher: ignoreCase, negated: false },
  BinaryEquals: { matcher: stringEquals, negated: false },
  IpAddress: { matcher: (r, p) => ipInCidr(p, r), negated: false },
  NotIpAddress: { matcher: (r, p) => ipInCidr(p, r), negated: true },
  ArnEquals: { matcher: arnLike, arn: true, negated: false },
  ArnLike: { matcher: arnLike, arn: true, negated: false },
  ArnNotEquals: { matcher: arnLike, arn: true, negated: true },
  ArnNotLike: { matcher: arnLike, arn: true, negated: true },
};
