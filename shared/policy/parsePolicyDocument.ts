import { PolicyParseError } from './errors.ts';
import type { PolicyDocument } from './types.ts';

const STATEMENT_KEYS = new Set([
  'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition',
]);
const GRAMMAR_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html';
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// An empty list is odd but harmless (it names nothing), so it is read rather than refused.
const isStringOrList = (v: unknown): boolean =>
  typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

/** JSON text, or URL-encoded JSON text as IAM APIs return it (`+` stays `+`: it is not form encoding). */
function decodeText(raw: string, where: string): unknown {
  const text = raw.trim();
  let json = text;
  if (!text.startsWith('{')) {
    try {
      json = decodeURIComponent(text);
    } catch (cause) {
      throw new PolicyParseError(
        `${where}: policy document is neither JSON nor valid URL-encoded JSON (bad % escape); pass the document as IAM returns it or decoded`,
        { cause },
      );
    }
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (cause) {
    throw new PolicyParseError(
      `${where}: policy document is not valid JSON (${(cause as Error).message}); check the file or API response`,
      { cause },
    );
  }
}

function checkPrincipal(v: unknown, at: string): void {
  if (v === '*') return;
  if (!isObject(v)) throw new PolicyParseError(`${at} must be "*" or an object such as {"AWS": "..."}`);
  for (const [type, value] of Object.entries(v)) {
    if (!PRINCIPAL_TYPES.has(type)) {
      throw new PolicyParseError(`${at} has unknown principal type "${type}" (expected AWS, Service, Federated or CanonicalUser)`);
    }
    if (!isStringOrList(value)) throw new PolicyParseError(`${at}.${type} must be a string or a list of strings`);
  }
}

function checkStatement(s: unknown, at: string): void {
  if (!isObject(s)) throw new PolicyParseError(`${at} must be an object`);
  for (const key of Object.keys(s)) {
    if (!STATEMENT_KEYS.has(key)) throw new PolicyParseError(`${at} has unknown element "${key}"`);
  }
  if (s.Sid !== undefined && typeof s.Sid !== 'string') throw new PolicyParseError(`${at}.Sid must be a string`);
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    throw new PolicyParseError(`${at}.Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
  }
  if ((s.Action === undefined) === (s.NotAction === undefined)) {
    throw new PolicyParseError(`${at} must have exactly one of Action or NotAction`);
  }
  if (s.Resource !== undefined && s.NotResource !== undefined) {
    throw new PolicyParseError(`${at} must not have both Resource and NotResource`);
  }
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) {
    throw new PolicyParseError(`${at} must not have both Principal and NotPrincipal`);
  }
  for (const key of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (s[key] !== undefined && !isStringOrList(s[key])) {
      throw new PolicyParseError(`${at}.${key} must be a string or a list of strings`);
    }
  }
  if (s.Principal !== undefined) checkPrincipal(s.Principal, `${at}.Principal`);
  if (s.NotPrincipal !== undefined) checkPrincipal(s.NotPrincipal, `${at}.NotPrincipal`);
  if (s.Condition !== undefined) {
    if (!isObject(s.Condition)) throw new PolicyParseError(`${at}.Condition must be an object of operators`);
    for (const [op, keys] of Object.entries(s.Condition)) {
      if (!isObject(keys)) throw new PolicyParseError(`${at}.Condition.${op} must be an object of condition keys`);
      for (const [key, value] of Object.entries(keys)) {
        const list = Array.isArray(value) ? value : [value];
        if (!list.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) {
          throw new PolicyParseError(`${at}.Condition.${op}.${key} must be a string, number, boolean or a list of them`);
        }
      }
    }
  }
}

/**
 * Reads a policy document given as an object, a JSON string or a URL-encoded JSON string, and checks
 * its shape. Objects are returned as they are (so per-document caches keep working).
 * @throws PolicyParseError naming `where` and what is wrong.
 */
export function parsePolicyDocument(raw: unknown, where: string): PolicyDocument {
  const doc = typeof raw === 'string' ? decodeText(raw, where) : raw;
  try {
    if (!isObject(doc)) throw new PolicyParseError('policy document must be a JSON object');
    if (doc.Version !== undefined && typeof doc.Version !== 'string') throw new PolicyParseError('Version must be a string');
    if (doc.Statement === undefined) throw new PolicyParseError('policy document has no Statement');
    if (Array.isArray(doc.Statement)) doc.Statement.forEach((s, i) => checkStatement(s, `Statement[${i}]`));
    else if (isObject(doc.Statement)) checkStatement(doc.Statement, 'Statement');
    else throw new PolicyParseError('Statement must be an object or a list of objects');
  } catch (cause) {
    if (!(cause instanceof PolicyParseError)) throw cause;
    throw new PolicyParseError(
      `${where}: invalid policy document: ${cause.message} (see the IAM JSON policy grammar: ${GRAMMAR_URL})`,
      { cause },
    );
  }
  return doc as unknown as PolicyDocument;
}
