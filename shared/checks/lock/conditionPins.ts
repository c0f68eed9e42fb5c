/**
 * Which conditions of a resource-policy statement actually pin who can call. A condition pins only
 * when it must hold for the request to be allowed and admits concrete values alone:
 * - a positive operator (StringEquals/Like, ArnEquals/Like, IpAddress, ...); negated operators
 *   (StringNotEquals, NotIpAddress, ...) exclude a few callers and admit the rest;
 * - no `...IfExists` suffix (the key may be absent from the request, and then the condition holds)
 *   and no `ForAllValues:` prefix (true when the key is absent);
 * - every value concrete for its key (a `*` value, a wildcard account, `0.0.0.0/0` admit anyone).
 */
import type { PolicyStatement } from '../../policy/types.ts';
import { parseConditionOperator } from '../../policy/index.ts';
import { conditionUsesOf, type ConditionUse } from './statementFacts.ts';

export type ConditionPin = ConditionUse;

const POSITIVE_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'ipaddress',
]);

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const hasWildcard = (v: string): boolean => /[*?]/.test(v);
/** The account field of an ARN (5th segment), when concrete. */
const arnAccount = (v: string): string | undefined => {
  const account = v.split(':')[4];
  return account !== undefined && ACCOUNT_ID.test(account) ? account : undefined;
};
const isOpenCidr = (v: string): boolean => /\/0$/.test(v.trim());

/**
 * Per key: is this value concrete enough that the key pins the caller? Keys absent here never pin.
 * `aws:SourceIp` counts: it confines callers to a network the owner names (documented decision).
 */
const CALLER_PIN_VALIDATORS: Record<string, (v: string) => boolean> = {
  'aws:sourceaccount': (v) => ACCOUNT_ID.test(v),
  'aws:sourceowner': (v) => ACCOUNT_ID.test(v),
  'aws:principalaccount': (v) => ACCOUNT_ID.test(v),
  'aws:sourcearn': (v) => arnAccount(v) !== undefined,
  'aws:principalarn': (v) => arnAccount(v) !== undefined,
  'aws:principalorgid': (v) => ORG_ID.test(v),
  'aws:sourceorgid': (v) => ORG_ID.test(v),
  'aws:principalorgpaths': (v) => ORG_ID.test(v.split('/')[0] ?? ''),
  'aws:sourceorgpaths': (v) => ORG_ID.test(v.split('/')[0] ?? ''),
  'aws:sourcevpce': (v) => v.length > 0 && !hasWildcard(v),
  'aws:sourcevpc': (v) => v.length > 0 && !hasWildcard(v),
  'aws:sourceip': (v) => v.length > 0 && !hasWildcard(v) && !isOpenCidr(v),
};

/** Keys with which a service principal's statement can name its source (confused-deputy). */
const SOURCE_PIN_VALIDATORS: Record<string, (v: string) => boolean> = {
  'aws:sourcearn': (v) => v.replace(/[*?]/g, '').replace(/^arn:[^:]*:[^:]*:[^:]*:[^:]*:?/, '').length > 0,
  'aws:sourceaccount': (v) => ACCOUNT_ID.test(v),
  'aws:sourceowner': (v) => ACCOUNT_ID.test(v),
  'aws:sourceorgid': (v) => ORG_ID.test(v),
  'aws:sourceorgpaths': (v) => ORG_ID.test(v.split('/')[0] ?? ''),
};

const pinningCache = new Map<string, boolean>();

/** Whether the operator must hold and admits only the listed values. */
export function isPinningOperator(operator: string): boolean {
  let pinning = pinningCache.get(operator);
  if (pinning === undefined) {
    pinning = computePinning(operator);
    pinningCache.set(operator, pinning);
  }
  return pinning;
}

function computePinning(operator: string): boolean {
  const parsed = parseConditionOperator(operator);
  return (
    parsed.supported &&
    !parsed.ifExists &&
    parsed.setOperator !== 'ForAllValues' &&
    POSITIVE_OPERATORS.has(parsed.operator.toLowerCase())
  );
}

function pinsBy(statement: PolicyStatement, validators: Record<string, (v: string) => boolean>): ConditionPin[] {
  return conditionUsesOf(statement).filter((use) => {
    const valid = validators[use.key];
    return valid !== undefined && isPinningOperator(use.operator) && use.values.length > 0 && use.values.every(valid);
  });
}

/** Conditions that pin who may call: an account, organization, principal, source resource or network. */
export function callerPins(statement: PolicyStatement): ConditionPin[] {
  return pinsBy(statement, CALLER_PIN_VALIDATORS);
}

/** Conditions that pin the source resource or account a service principal acts for. */
export function sourcePins(statement: PolicyStatement): ConditionPin[] {
  return pinsBy(statement, SOURCE_PIN_VALIDATORS);
}

/** Conditions on one key that must hold, with a pinning operator (any value). */
export function requiredConditionOn(statement: PolicyStatement, key: string): ConditionPin[] {
  const wanted = key.toLowerCase();
  return conditionUsesOf(statement).filter((use) => use.key === wanted && isPinningOperator(use.operator));
}

/** `ArnLike AWS:SourceArn = arn:...` style, for evidence. */
export function describePin(pin: ConditionPin): string {
  return `${pin.operator} ${pin.key} = ${pin.values.join(', ')}`;
}

/** The account ids a pin names (SourceAccount/PrincipalAccount values, or the account field of ARNs). */
export function accountsOfPin(pin: ConditionPin): string[] {
  return pin.values.map((v) => (ACCOUNT_ID.test(v) ? v : arnAccount(v))).filter((a): a is string => a !== undefined);
}
