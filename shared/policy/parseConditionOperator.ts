export interface ParsedConditionOperator {
  /** Canonical base operator without set prefix or `IfExists`, e.g. `StringLike`. */
  operator: string;
  ifExists: boolean;
  setOperator?: 'ForAnyValue' | 'ForAllValues';
  /** False for operators Keycard does not evaluate; such conditions are always unknown. */
  supported: boolean;
}

const SUPPORTED = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
  'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress',
  'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
  'Null',
] as const;

const BY_LOWER = new Map<string, string>(SUPPORTED.map((op) => [op.toLowerCase(), op]));
const cache = new Map<string, ParsedConditionOperator>();

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; unknown operators come back `supported: false`. */
export function parseConditionOperator(op: string): ParsedConditionOperator {
  const hit = cache.get(op);
  if (hit) return hit;
  let rest = op.trim();
  let setOperator: ParsedConditionOperator['setOperator'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') setOperator = 'ForAnyValue';
    else if (prefix === 'forallvalues') setOperator = 'ForAllValues';
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const canonical = BY_LOWER.get(rest.toLowerCase());
  // A prefix other than the two set operators, or `NullIfExists`, is not IAM grammar.
  const supported =
    canonical !== undefined && (colon < 0 || setOperator !== undefined) && !(canonical === 'Null' && ifExists);
  const parsed: ParsedConditionOperator = {
    operator: canonical ?? rest,
    ifExists,
    ...(setOperator ? { setOperator } : {}),
    supported,
  };
  cache.set(op, parsed);
  return parsed;
}
