/**
 * Property-based tests: laws IAM evaluation must obey, checked on seeded random identity policies,
 * boundaries and request contexts (generators in test/support/policyArbitraries.ts).
 *
 * Reproducible: a fixed seed. On failure fast-check prints the seed, the path and the shrunk
 * counterexample; add it to property-regressions.json (law, seed, path, input: the printed array,
 * with fast-check's `__proto__:null` markers removed) and it is replayed first on every run, whatever
 * the generators become. To explore beyond the fixed seed:
 * `KEYCARD_PROPERTY_SEED=random KEYCARD_PROPERTY_RUNS=20000 npx vitest run test/policy/evaluatorLaws`.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateIdentityPolicies } from '../../shared/policy/index.ts';
import type { AccessRequest, Decision, EvaluationResult, PolicyDocument, PolicySource } from '../../shared/policy/index.ts';
import {
  boundaryArb,
  CONTEXT_KEYS,
  fullContextArb,
  identityPoliciesArb,
  lessKnown,
  requestArb,
  sources,
  statementArb,
  versionArb,
} from '../support/policyArbitraries.ts';

const SEED_SETTING = process.env.KEYCARD_PROPERTY_SEED;
const SEED = SEED_SETTING === 'random' ? Date.now() : Number(SEED_SETTING ?? 20261206);
const RUNS = Number(process.env.KEYCARD_PROPERTY_RUNS ?? 500);

interface Regression {
  law: string;
  seed: number;
  path: string;
  /** The shrunk counterexample, as fast-check printed it (one array: the property's arguments). */
  input: unknown[];
  note: string;
}
const regressions = JSON.parse(
  readFileSync(new URL('./property-regressions.json', import.meta.url), 'utf8'),
) as Regression[];

/** Access order: no access < access under conditions < access. */
const RANK: Record<Decision, number> = { ImplicitlyDenied: 0, ExplicitlyDenied: 0, ConditionallyAllowed: 1, Allowed: 2 };

interface Scenario {
  identity: PolicyDocument[];
  boundary: PolicyDocument | null;
  request: { action: string; resource: string };
  /** What the request carries; `context` is the part of it the evaluator is told (some keys left out). */
  fullContext: Record<string, string | string[]>;
  context: AccessRequest['context'];
}

const scenarioArb: fc.Arbitrary<Scenario> = requestArb.chain((request) =>
  fc
    .record({
      identity: identityPoliciesArb(request),
      boundary: fc.option(boundaryArb(request), { freq: 3 }),
      fullContext: fullContextArb,
      known: fc.array(fc.boolean(), { minLength: CONTEXT_KEYS.length, maxLength: CONTEXT_KEYS.length }),
    })
    .map(({ identity, boundary, fullContext, known }) => ({
      identity,
      boundary,
      request,
      fullContext,
      context: known.every(Boolean) ? fullContext : lessKnown(fullContext, known),
    })),
);

function evaluate(
  identity: readonly PolicyDocument[],
  boundary: PolicyDocument | null,
  request: { action: string; resource: string },
  context: AccessRequest['context'],
): EvaluationResult {
  const b: PolicySource | undefined = boundary ? { name: 'boundary', kind: 'permissions-boundary', document: boundary } : undefined;
  return evaluateIdentityPolicies({ ...request, ...(context ? { context } : {}) }, sources(identity), b);
}

const run = (s: Scenario, context: AccessRequest['context'] = s.context): EvaluationResult =>
  evaluate(s.identity, s.boundary, s.request, context);

const doc = (version: string | undefined, statement: PolicyDocument['Statement']): PolicyDocument =>
  version === undefined ? { Statement: statement } : { Version: version, Statement: statement };

/** Counts every property run, so the test report can say how many cases ran. */
let casesRun = 0;

function law<Ts extends [unknown, ...unknown[]]>(
  name: string,
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => void,
): void {
  it(name, () => {
    const examples = regressions.filter((r) => r.law === name).map((r) => r.input as Ts);
    const property = fc.property(...arbitraries, (...args: Ts) => {
      casesRun++;
      predicate(...args);
    });
    fc.assert(property, { seed: SEED, numRuns: RUNS, examples });
  }, Math.max(20_000, RUNS * 20)); // long explorations (KEYCARD_PROPERTY_RUNS) need more than the default
}

describe(`evaluator laws (fast-check, seed ${SEED}, ${RUNS} runs per law)`, () => {
  law('adding a Deny never grants', [scenarioArb, statementArb('Deny'), versionArb, fc.boolean()], (s, deny, version, inBoundary) => {
    const before = run(s);
    const after = inBoundary && s.boundary
      ? evaluate(s.identity, { ...s.boundary, Statement: [...[s.boundary.Statement].flat(), deny] }, s.request, s.context)
      : evaluate([...s.identity, doc(version, [deny])], s.boundary, s.request, s.context);
    expect(RANK[after.decision], `${before.decision} → ${after.decision}: ${after.explanation}`).toBeLessThanOrEqual(RANK[before.decision]);
  });

  law('adding an Allow never removes access', [scenarioArb, statementArb('Allow'), versionArb, fc.boolean()], (s, allow, version, inBoundary) => {
    const before = run(s);
    const after = inBoundary && s.boundary
      ? evaluate(s.identity, { ...s.boundary, Statement: [...[s.boundary.Statement].flat(), allow] }, s.request, s.context)
      : evaluate([...s.identity, doc(version, [allow])], s.boundary, s.request, s.context);
    expect(RANK[after.decision], `${before.decision} → ${after.decision}: ${after.explanation}`).toBeGreaterThanOrEqual(RANK[before.decision]);
  });

  law('a boundary never grants', [scenarioArb, boundaryArb()], (s, boundary) => {
    const without = evaluate(s.identity, null, s.request, s.context);
    const within = evaluate(s.identity, boundary, s.request, s.context);
    expect(RANK[within.decision]).toBeLessThanOrEqual(RANK[without.decision]);
  });

  law('an explicit Deny wins over any Allow', [scenarioArb, fc.boolean(), versionArb], (s, inBoundary, version) => {
    const deny = { Effect: 'Deny' as const, Action: s.request.action.toUpperCase(), Resource: s.request.resource };
    const r = inBoundary && s.boundary
      ? evaluate(s.identity, { ...s.boundary, Statement: [...[s.boundary.Statement].flat(), deny] }, s.request, s.context)
      : evaluate([...s.identity, doc(version, deny)], s.boundary, s.request, s.context);
    expect(r.decision).toBe('ExplicitlyDenied');
  });

  law(
    'knowing more of the context never changes a definite answer',
    [scenarioArb],
    (s) => {
      const partial = run(s);
      const full = run(s, s.fullContext);
      if (partial.decision === 'ConditionallyAllowed') return; // unknown may become either
      if (partial.decision === 'ImplicitlyDenied') expect(RANK[full.decision], full.explanation).toBe(0);
      else expect(full.decision, full.explanation).toBe(partial.decision);
    },
  );

  law('actions match case-insensitively', [scenarioArb, fc.array(fc.boolean(), { minLength: 24, maxLength: 24 })], (s, flips) => {
    const recased = [...s.request.action].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');
    const a = run(s);
    const b = evaluate(s.identity, s.boundary, { ...s.request, action: recased }, s.context);
    expect(b.decision).toBe(a.decision);
    expect(b.conditionKeys).toEqual(a.conditionKeys);
  });

  law('condition keys match case-insensitively', [scenarioArb, fc.array(fc.boolean(), { minLength: 24, maxLength: 24 })], (s, flips) => {
    const recase = (k: string): string => [...k].map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');
    const context = Object.fromEntries(Object.entries(s.context ?? {}).map(([k, v]) => [recase(k), v]));
    expect(run(s, context).decision).toBe(run(s).decision);
  });

  law('ARNs match case-sensitively', [scenarioArb, fc.nat()], (s, at) => {
    // The same resource with one letter of its resource part in the other case is another resource.
    const resourceStart = s.request.resource.split(':').slice(0, 5).join(':').length + 1;
    const letters = [...s.request.resource].flatMap((ch, i) => (i >= resourceStart && /[a-z]/i.test(ch) ? [i] : []));
    const i = letters[at % letters.length]!;
    const ch = s.request.resource[i]!;
    const other = s.request.resource.slice(0, i) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + s.request.resource.slice(i + 1);
    const naming = doc('2012-10-17', { Effect: 'Allow', Action: s.request.action, Resource: s.request.resource });
    const request = { ...s.request, resource: other };
    const without = evaluate(s.identity, s.boundary, request, s.context);
    const withExact = evaluate([...s.identity, naming], s.boundary, request, s.context);
    expect(withExact.decision).toBe(without.decision);
    expect(evaluate([naming], null, s.request, s.context).decision).toBe('Allowed');
  });

  it('ran a few thousand cases', () => {
    // Runs after the laws above (vitest runs a file's tests in order); the regressions come on top.
    expect(casesRun).toBeGreaterThanOrEqual(8 * RUNS);
  });
});
