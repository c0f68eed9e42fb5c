/**
 * Which trust-policy conditions restrict who can assume a role. A condition restricts only when it
 * must hold (positive operator; no `IfExists`, no `ForAllValues:`, both of which pass when the key is
 * absent) and every value is concrete for its key. Unknown keys never restrict: a condition Keycard
 * cannot judge is not a safeguard. A Deny with only negated operators on such keys (the "deny unless
 * in my organization" pattern) restricts too.
 */
import type { PolicyStatement } from '../../policy/index.ts';
import { conditionKeysIn, parseConditionOperator } from '../../policy/index.ts';

export type PrincipalKind = 'wildcard' | 'aws' | 'service' | 'federated';

export interface TrustPin {
  operator: string;
  key: string;
  values: string[];
}

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const wild = (v: string): boolean => /[*?]/.test(v);
const arnAccount = (v: string): string | undefined => {
  const a = v.split(':')[4];
  return a !== undefined && ACCOUNT_ID.test(a) ? a : undefined;
};
/** `arn:aws:s3:::bucket` has no account; its resource part must then be concrete. */
const concreteArn = (v: string): boolean =>
  v.startsWith('arn:') && (arnAccount(v) !== undefined || (v.split(':')[4] === '' && !/^[*?]*$/.test(v.split(':').slice(5).join(':'))));

const SOURCE: Record<string, (v: string) => boolean> = {
  'aws:sourceaccount': (v) => ACCOUNT_ID.test(v),
  'aws:sourceowner': (v) => ACCOUNT_ID.test(v),
  'aws:sourcearn': concreteArn,
  'aws:sourceorgid': (v) => ORG_ID.test(v),
  'aws:sourceorgpaths': (v) => ORG_ID.test(v.split('/')[0] ?? ''),
};
const PRINCIPAL: Record<string, (v: string) => boolean> = {
  'aws:principalaccount': (v) => ACCOUNT_ID.test(v),
  'aws:principalarn': (v) => arnAccount(v) !== undefined,
  'aws:principalorgid': (v) => ORG_ID.test(v),
  'aws:principalorgpaths': (v) => ORG_ID.test(v.split('/')[0] ?? ''),
  // A shared secret the third party must present (the confused-deputy guard for cross-account roles).
  'sts:externalid': (v) => v.length > 0 && !wild(v),
};

/**
 * OIDC `sub` must pin a literal prefix (`repo:*` or `*` admits every repository / user of the provider).
 * GitHub-shaped subjects (`repo:<owner>/<repo>:...`) must name the whole owner: `repo:acme*` admits
 * `repo:acme-attacker/x`, and anyone can register such an owner.
 */
const subject = (v: string): boolean => {
  const literal = v.split(/[*?]/)[0] ?? '';
  if (literal.startsWith('repo:')) return /^repo:[^/]+\//.test(literal);
  return literal.length > 0;
};

/** Validators for one federated provider: its `sub` (and Cognito's `aud`, the identity pool). */
function federatedValidators(provider: string): Record<string, (v: string) => boolean> {
  if (/:saml-provider\//.test(provider)) return { 'saml:sub': (v) => v.length > 0 && !wild(v) };
  const host = (provider.split(':oidc-provider/')[1] ?? provider).toLowerCase();
  const out: Record<string, (v: string) => boolean> = { [`${host}:sub`]: subject };
  if (host === 'cognito-identity.amazonaws.com') out[`${host}:aud`] = (v) => v.length > 0 && !wild(v);
  return out;
}

function validatorsFor(kind: PrincipalKind, principal: string): Record<string, (v: string) => boolean> {
  if (kind === 'service') return SOURCE;
  if (kind === 'federated') return federatedValidators(principal);
  if (kind === 'aws') return PRINCIPAL;
  return { ...PRINCIPAL, ...SOURCE };
}

const POSITIVE = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike']);
const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'ArnNotEquals', 'ArnNotLike']);

/** Conditions of an Allow that restrict this principal. */
export function allowPins(s: PolicyStatement, kind: PrincipalKind, principal: string): TrustPin[] {
  const validators = validatorsFor(kind, principal);
  return conditionKeysIn(s).filter((c) => {
    const op = parseConditionOperator(c.operator);
    const valid = validators[c.key];
    return (
      valid !== undefined && op.supported && !op.ifExists && op.setOperator !== 'ForAllValues' &&
      POSITIVE.has(op.operator) && c.values.length > 0 && c.values.every(valid)
    );
  });
}

/**
 * A Deny whose every condition is a negated operator on a restricting key with concrete values: it
 * denies everyone outside the named account/org/source, so the Allow it covers is restricted.
 */
export function denyPins(s: PolicyStatement, kind: PrincipalKind, principal: string): TrustPin[] {
  const validators = validatorsFor(kind, principal);
  const uses = conditionKeysIn(s);
  if (uses.length === 0) return [];
  const ok = uses.every((c) => {
    const op = parseConditionOperator(c.operator);
    const valid = validators[c.key];
    return valid !== undefined && op.supported && op.setOperator === undefined && NEGATED.has(op.operator) && c.values.length > 0 && c.values.every(valid);
  });
  return ok ? uses : [];
}

export function describePin(p: TrustPin): string {
  return `${p.operator} ${p.key} = ${p.values.join(', ')}`;
}
