/** Fixtures for the adversarial review probes: named policy documents and resource-policy statements. */
import { readFileSync } from 'node:fs';
import { parsePolicyDocument } from '../../shared/policy/index.ts';
import type { PolicyDocument, PolicySource, PolicyStatement } from '../../shared/policy/index.ts';
import { ACCOUNT } from '../checks/fixtures/role/factories.ts';

const read = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`fixtures/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const POLICIES = read('policies.json');
const TRUST = read('trust.json');
const STATEMENTS = read('resource-statements.json');

function pick(table: Record<string, unknown>, name: string, file: string): unknown {
  const v = table[name];
  if (v === undefined) throw new Error(`no "${name}" in test/review/fixtures/${file}`);
  return structuredClone(v);
}

export function doc(name: string): PolicyDocument {
  return parsePolicyDocument(pick(POLICIES, name, 'policies.json'), name);
}
export const inlineDoc = (name: string): PolicySource => ({ name, kind: 'inline', document: doc(name) });
export const customerDoc = (name: string): PolicySource => ({
  name,
  arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
  kind: 'customer-managed',
  document: doc(name),
});
export const boundaryDoc = (name: string): PolicySource => ({
  name,
  arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
  kind: 'permissions-boundary',
  document: doc(name),
});
export function trustDoc(name: string): PolicyDocument {
  return parsePolicyDocument(pick(TRUST, name, 'trust.json'), name);
}
/** A resource policy as `aws lambda get-policy` returns it (a JSON string), parsed. */
export function resourcePolicy(...names: string[]): PolicyDocument {
  const Statement = names.map((n) => pick(STATEMENTS, n, 'resource-statements.json') as PolicyStatement);
  return parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement }), 'review resource policy');
}
