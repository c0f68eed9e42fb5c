import { describe, expect, it } from 'vitest';
import { confusedDeputyCheck } from '../../shared/checks/confused-deputy.ts';
import { evaluationIncompleteCheck } from '../../shared/checks/evaluation-incomplete.ts';
import { publicInvokeCheck } from '../../shared/checks/public-invoke.ts';
import type { Severity } from '../../shared/checks/types.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { filterBySeverity } from '../../shared/engine/filterBySeverity.ts';
import { accountFacts, functionFacts, policyOf } from '../checks/lock/lockFacts.ts';

const result = evaluateAccount(
  accountFacts(
    [
      functionFacts({ name: 'open', resourcePolicy: policyOf('public-star') }),
      functionFacts({ name: 'deputy', resourcePolicy: policyOf('sns-unpinned', 'unsupported-operator') }),
    ],
    [],
  ),
  { trustedAccountIds: [] },
  [publicInvokeCheck, confusedDeputyCheck, evaluationIncompleteCheck],
);

describe('filterBySeverity', () => {
  it.each<[Severity, string[]]>([
    ['critical', ['critical']],
    ['high', ['critical']],
    ['medium', ['critical', 'medium', 'medium']],
    ['low', ['critical', 'medium', 'medium']],
    ['info', ['critical', 'medium', 'medium', 'info', 'info', 'info']],
  ])('keeps findings at or above %s', (min, severities) => {
    expect(filterBySeverity(result, min).findings.map((f) => f.severity)).toEqual(severities);
  });

  it('recounts the summary for what it keeps', () => {
    const { summary } = filterBySeverity(result, 'medium');
    expect(summary.findings).toBe(3);
    expect(summary.bySeverity).toEqual({ critical: 1, high: 0, medium: 2, low: 0, info: 0 });
    expect(summary.byCheck).toEqual({ 'public-invoke': 1, 'confused-deputy': 2, 'evaluation-incomplete': 0 });
  });

  it('keeps the per-function risks and does not change its input', () => {
    const before = structuredClone(result);
    expect(filterBySeverity(result, 'critical').functions).toEqual(result.functions);
    expect(result).toEqual(before);
  });
});
