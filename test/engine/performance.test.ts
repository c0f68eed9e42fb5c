import { describe, expect, it } from 'vitest';
import { confusedDeputyCheck } from '../../shared/checks/confused-deputy.ts';
import { crossAccountInvokeCheck } from '../../shared/checks/cross-account-invoke.ts';
import { evaluationIncompleteCheck } from '../../shared/checks/evaluation-incomplete.ts';
import { publicFunctionUrlCheck } from '../../shared/checks/public-function-url.ts';
import { publicInvokeCheck } from '../../shared/checks/public-invoke.ts';
import type { Check } from '../../shared/checks/types.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { ROLE_CHECKS } from './engineFixtures.ts';
import { syntheticAccount } from './syntheticAccount.ts';

// The engine and the lock checks; role checks are stand-ins (their own cost is measured by `npm run bench`).
const CHECKS: Check[] = [...ROLE_CHECKS, publicInvokeCheck, publicFunctionUrlCheck, crossAccountInvokeCheck, confusedDeputyCheck, evaluationIncompleteCheck];

function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('engine performance', () => {
  it('evaluates 10,000 functions and 3,000 roles', () => {
    const account = syntheticAccount(3_000, 10_000);
    const result = evaluateAccount(account, { trustedAccountIds: [] }, CHECKS);
    expect(result.summary.functionsEvaluated).toBe(10_000);
    expect(result.summary.rolesEvaluated).toBe(3_000);
    // A bound against pathological regressions only; a loaded CI machine must not make it flaky.
    expect(bestOf(1, () => evaluateAccount(account, { trustedAccountIds: [] }, CHECKS))).toBeLessThan(10_000);
  }, 60_000);

  it('grows linearly with the number of roles and functions (no quadratic step)', () => {
    const small = syntheticAccount(1_000, 2_500);
    const large = syntheticAccount(4_000, 10_000);
    const options = { trustedAccountIds: [] };
    bestOf(1, () => evaluateAccount(small, options, CHECKS)); // warm up the JIT
    const smallTime = bestOf(3, () => evaluateAccount(small, options, CHECKS));
    const largeTime = bestOf(3, () => evaluateAccount(large, options, CHECKS));
    expect(largeTime / smallTime).toBeLessThan(8); // 4x the facts; quadratic would be ~16x
  }, 60_000);
});
