import type { PolicyDocument, PolicyStatement } from './types.ts';

/** The statements of a document; `Statement` may be one object or an array. */
export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}
