/**
 * Hostile events and payloads: the CloudTrail samples in events/ with fields replaced, deleted or
 * duplicated; audit payloads of any shape; audit continuations with missing or wrong-typed totals.
 * Each is either read into well-typed values or refused with one clear, short, escaped error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../shared/alerts/renderDigest.ts';
import { classifyCloudTrailEvent } from '../../shared/events/classifyCloudTrailEvent.ts';
import { EventParseError } from '../../shared/events/errors.ts';
import { parseAuditRequest } from '../../shared/events/parseAuditRequest.ts';
import { parseEventBridgeCloudTrailEvent } from '../../shared/events/parseEventBridgeCloudTrailEvent.ts';
import { parseFunctionIdentifier } from '../../shared/events/parseFunctionIdentifier.ts';
import { PipelineError } from '../../shared/pipeline/errors.ts';
import { parseAuditContinuation } from '../../shared/pipeline/parseAuditContinuation.ts';
import { loadCloudTrailSamples } from '../events/loadEventFiles.ts';
import { finding } from '../alerts/loadFixtures.ts';
import { CASE_TIME_BOUND_MS, RAW_CONTROL, fuzzRuns } from './fuzzSettings.ts';
import { hostileJson, hostileString } from './hostileValues.ts';
import { type Mutation, mutateJson } from './mutateJson.ts';

const SAMPLES = loadCloudTrailSamples();
const mutations = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('replace-field' as const), field: fc.constantFrom('functionName', 'roleName', 'policyArn', 'functionArn', 'qualifier', 'eventName', 'eventSource', 'eventID', 'id', 'detail', 'detail-type', 'userIdentity', 'requestParameters', 'responseElements', 'errorCode'), at: fc.nat(), value: hostileJson }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileJson }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  ) as fc.Arbitrary<Mutation>,
  { minLength: 1, maxLength: 3 },
);

/** A refusal: the expected error class, a message that names what was wrong, short and escaped. */
function expectClearRefusal(error: unknown, kind: new (...args: never[]) => Error): void {
  expect(error).toBeInstanceOf(kind);
  const message = (error as Error).message;
  expect(message.length).toBeLessThan(1_000);
  expect(message).not.toMatch(RAW_CONTROL);
}

function timed<T>(work: () => T): T {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started).toBeLessThan(CASE_TIME_BOUND_MS);
  return result;
}

describe('fuzz: hostile events, payloads and continuations', () => {
  it('CloudTrail events are read into a valid target or refused with one clear error', () => {
    fc.assert(
      fc.property(fc.nat(), mutations, (pick, list) => {
        let event = structuredClone(SAMPLES[pick % SAMPLES.length]!.event);
        for (const m of list) event = mutateJson(event, m);
        try {
          const target = timed(() => classifyCloudTrailEvent(parseEventBridgeCloudTrailEvent(event).detail));
          if (target.kind === 'function') expect(parseFunctionIdentifier(target.functionName)?.functionName).toBe(target.functionName);
          if (target.kind === 'role') expect(typeof target.roleName).toBe('string');
          if (target.kind === 'policy') expect(typeof target.policyArn).toBe('string');
        } catch (error) {
          expectClearRefusal(error, EventParseError);
        }
      }),
      fuzzRuns(200),
    );
  });

  it('audit payloads name valid functions, each once, or are refused', () => {
    const entry = fc.oneof(hostileString, fc.constantFrom('orders-api', 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api', 'orders-api:live'), hostileJson);
    const payload = fc.oneof(hostileJson, fc.record({ functions: fc.oneof(fc.array(entry, { maxLength: 6 }), hostileJson) }));
    fc.assert(
      fc.property(payload, (event) => {
        try {
          const request = timed(() => parseAuditRequest(event));
          const ids = (request.functions ?? []).map((name) => parseFunctionIdentifier(name));
          for (const id of ids) expect(id).toBeDefined();
          const keys = ids.map((id) => `${id!.functionName}:${id!.qualifier ?? ''}`);
          expect(new Set(keys).size).toBe(keys.length);
        } catch (error) {
          expectClearRefusal(error, EventParseError);
        }
      }),
      fuzzRuns(150),
    );
  });

  it('continuations are accepted only whole; an accepted one renders a digest without NaN', () => {
    const valid = {
      auditId: 'a',
      startAfter: 'orders-api',
      invocation: 2,
      startedAt: '2026-12-06T06:00:00.000Z',
      totals: {
        functionsEvaluated: 100,
        rolesEvaluated: 40,
        findings: 1,
        worstCaseFunctions: 0,
        bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
        byCheck: { 'public-invoke': 1 },
        worst: [finding('public-invoke')],
        worstCaseFunctionArns: [],
      },
    };
    fc.assert(
      fc.property(fc.array(fc.oneof(
        fc.record({ kind: fc.constant('replace-field' as const), field: fc.constantFrom('totals', 'byCheck', 'bySeverity', 'findings', 'worst', 'functionsEvaluated', 'high', 'remediation', 'invocation'), at: fc.nat(), value: hostileJson }),
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      ) as fc.Arbitrary<Mutation>, { maxLength: 3 }), (list) => {
        let continuation: unknown = structuredClone(valid);
        for (const m of list) continuation = mutateJson(continuation, m);
        let parsed;
        try {
          parsed = timed(() => parseAuditContinuation({ continuation }));
        } catch (error) {
          expectClearRefusal(error, PipelineError);
          return;
        }
        expect(parsed).toBeDefined();
        const { worst, worstCaseFunctionArns: _arns, ...counts } = parsed!.totals;
        if (counts.findings === 0) return; // an audit with nothing found sends no digest
        const digest = renderDigest({ findings: worst, functions: [], summary: { accountId: '123456789012', region: 'eu-west-1', ...counts } });
        expect(digest.text).not.toMatch(/NaN|undefined/);
        expect(digest.json).not.toMatch(/NaN|null,"byCheck"/);
      }),
      fuzzRuns(150),
    );
  });
});
