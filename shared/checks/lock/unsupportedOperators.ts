import type { PolicyDocument } from '../../policy/types.ts';
import { parseConditionOperator, statementsOf } from '../../policy/index.ts';

export interface UnsupportedOperatorUse {
  statementIndex: number;
  sid?: string;
  operators: string[];
}

const supportCache = new Map<string, boolean>();
function isSupported(operator: string): boolean {
  let supported = supportCache.get(operator);
  if (supported === undefined) {
    supported = parseConditionOperator(operator).supported;
    supportCache.set(operator, supported);
  }
  return supported;
}

// Managed policies are shared by many roles; their parsed documents are the same objects, so scan each once.
const documentCache = new WeakMap<PolicyDocument, UnsupportedOperatorUse[]>();

/** Statements of a document whose conditions use operators the evaluator cannot judge. */
export function unsupportedOperatorsIn(doc: PolicyDocument | undefined): UnsupportedOperatorUse[] {
  if (doc === undefined) return [];
  const cached = documentCache.get(doc);
  if (cached !== undefined) return cached;
  const uses: UnsupportedOperatorUse[] = [];
  statementsOf(doc).forEach((statement, statementIndex) => {
    const condition = statement.Condition;
    if (condition === undefined || condition === null || typeof condition !== 'object') return;
    const operators = Object.keys(condition).filter((op) => !isSupported(op));
    if (operators.length === 0) return;
    uses.push(statement.Sid === undefined ? { statementIndex, operators } : { statementIndex, sid: statement.Sid, operators });
  });
  documentCache.set(doc, uses);
  return uses;
}
