/**
 * Whether a function's resource policy could open a function URL: a statement whose actions cover
 * `lambda:InvokeFunctionUrl` (wildcards and NotAction included) or that conditions on
 * `lambda:FunctionUrlAuthType` / `lambda:InvokedViaFunctionUrl`. Without such a statement no URL
 * of the function can be invoked by anyone but the account's own IAM principals, so the reader
 * skips ListFunctionUrlConfigs for it: one Lambda control-plane call saved per function.
 * An unparseable policy counts as mentioning (read more, never less).
 */
import { conditionKeysIn, matchAction, parsePolicyDocument, statementsOf, toList } from '../policy/index.ts';
import type { ResourcePolicyRecord } from './records.ts';

const URL_ACTION = 'lambda:InvokeFunctionUrl';
const URL_KEYS = new Set(['lambda:functionurlauthtype', 'lambda:invokedviafunctionurl']);

export function policyMentionsFunctionUrl(record: ResourcePolicyRecord): boolean {
  let statements;
  try {
    statements = statementsOf(parsePolicyDocument(record.Policy, 'resource policy'));
  } catch {
    return true;
  }
  return statements.some((statement) => {
    if (statement.NotAction !== undefined && !toList(statement.NotAction).some((a) => matchAction(a, URL_ACTION))) return true;
    if (toList(statement.Action).some((a) => matchAction(a, URL_ACTION))) return true;
    return conditionKeysIn(statement).some((use) => URL_KEYS.has(use.key));
  });
}
