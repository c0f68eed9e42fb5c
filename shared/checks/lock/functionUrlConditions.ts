/**
 * Function-URL conditions Lambda writes into resource policies. Since October 2025 a public URL
 * (AuthType NONE) needs two statements: `lambda:InvokeFunctionUrl` with
 * `StringEquals lambda:FunctionUrlAuthType NONE`, and `lambda:InvokeFunction` with
 * `Bool lambda:InvokedViaFunctionUrl true`. The second serves the URL only.
 */
import type { PolicyStatement } from '../../policy/types.ts';
import { isPinningOperator } from './conditionPins.ts';
import { conditionUsesOf } from './statementFacts.ts';

const mustHoldBool = (operator: string): boolean => operator.toLowerCase() === 'bool';

/**
 * Whether the statement only admits invocations that arrive through a function URL: it requires
 * `lambda:InvokedViaFunctionUrl` true, or pins `lambda:FunctionUrlAuthType` (a key present only on
 * URL requests, so a direct Invoke fails the condition). `...IfExists` forms do not count.
 */
export function onlyViaFunctionUrl(statement: PolicyStatement): boolean {
  return conditionUsesOf(statement).some(
    (use) =>
      (use.key === 'lambda:invokedviafunctionurl' &&
        mustHoldBool(use.operator) &&
        use.values.length > 0 &&
        use.values.every((v) => v.toLowerCase() === 'true')) ||
      (use.key === 'lambda:functionurlauthtype' && isPinningOperator(use.operator) && use.values.length > 0),
  );
}

/**
 * The URL auth types the statement admits: those named by a `lambda:FunctionUrlAuthType` condition
 * that must hold, else both.
 */
export function admittedUrlAuthTypes(statement: PolicyStatement): Set<string> {
  const all = new Set(['NONE', 'AWS_IAM']);
  for (const use of conditionUsesOf(statement)) {
    if (use.key.toLowerCase() !== 'lambda:functionurlauthtype' || !isPinningOperator(use.operator)) continue;
    if (/like$/i.test(use.operator.replace(/ifexists$/i, ''))) continue; // StringLike patterns: keep both
    const named = new Set(use.values.map((v) => v.toUpperCase()));
    for (const t of [...all]) if (!named.has(t)) all.delete(t);
  }
  return all;
}
