import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../shared/pipeline/errors.ts';
import { parseAuditContinuation } from '../../shared/pipeline/parseAuditContinuation.ts';

const finding = {
  checkId: 'public-invoke',
  severity: 'high',
  door: 'resource-policy',
  resourceArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
  functionArns: ['arn:aws:lambda:eu-west-1:123456789012:function:f'],
  title: 't',
  detail: 'd',
  evidence: [],
  remediation: { text: 'x', cli: 'aws lambda get-policy --function-name f' },
};
const valid = () => ({
  auditId: 'a',
  startAfter: 'f',
  invocation: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  totals: {
    functionsEvaluated: 3,
    rolesEvaluated: 2,
    findings: 1,
    worstCaseFunctions: 0,
    bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
    byCheck: { 'public-invoke': 1 },
    worst: [structuredClone(finding)],
    worstCaseFunctionArns: [],
  },
});

describe('parseAuditContinuation', () => {
  it('takes a continuation Keycard wrote, and ignores payloads without one', () => {
    expect(parseAuditContinuation({ continuation: valid() })).toEqual(valid());
    expect(parseAuditContinuation({})).toBeUndefined();
    const across = { ...valid(), region: 'eu-west-1', totals: { ...valid().totals, qualifiers: 'aliases', aliasesEvaluated: 2, versionsEvaluated: 1, regions: { 'eu-west-1': { functionsEvaluated: 3, findings: 1, worstCaseFunctions: 0 } } } };
    expect(parseAuditContinuation({ continuation: across })).toEqual(across);
  });

  it.each<[string, (c: ReturnType<typeof valid>) => void]>([
    ['totals.byCheck', (c) => delete (c.totals as Partial<typeof c.totals>).byCheck],
    ['totals.functionsEvaluated', (c) => delete (c.totals as Partial<typeof c.totals>).functionsEvaluated],
    ['totals.findings', (c) => ((c.totals as Record<string, unknown>).findings = '1')],
    ['totals.bySeverity.info', (c) => ((c.totals.bySeverity as Record<string, unknown>).info = Number.NaN)],
    ['totals.byCheck', (c) => ((c.totals.byCheck as Record<string, unknown>)['public-invoke'] = -1)],
    ['totals.worst', (c) => ((c.totals.worst[0] as Record<string, unknown>).remediation = null)],
    ['invocation', (c) => ((c as Record<string, unknown>).invocation = 0)],
    ['region', (c) => ((c as Record<string, unknown>).region = 3)],
    ['totals.regions', (c) => ((c.totals as Record<string, unknown>).regions = { 'eu-west-1': { functionsEvaluated: 1, findings: -1, worstCaseFunctions: 0 } })],
    ['totals.qualifiers', (c) => ((c.totals as Record<string, unknown>).qualifiers = 'some')],
  ])('refuses one with a bad %s, naming it (never a crash or NaN later)', (field, change) => {
    const c = valid();
    change(c);
    expect(() => parseAuditContinuation({ continuation: c })).toThrow(PipelineError);
    expect(() => parseAuditContinuation({ continuation: c })).toThrow(`(${field} is missing or of the wrong type`);
  });

  it('refuses a continuation that is not an object', () => {
    expect(() => parseAuditContinuation({ continuation: [1] })).toThrow(/\(the continuation itself\)/);
  });
});
