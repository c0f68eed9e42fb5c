import type { PolicyDocument, PolicyStatement } from '../../policy/types.ts';
import { statementsOf } from '../../policy/index.ts';

/** A resource-policy statement with where it sits, so findings can name it. */
export interface LockStatement {
  statement: PolicyStatement;
  /** 0-based position in the resource policy. */
  index: number;
  sid?: string;
}

interface IndexedPolicy {
  all: readonly LockStatement[];
  allows: readonly LockStatement[];
}

// Every lock check walks the same policy; index each document once (documents are not mutated).
const cache = new WeakMap<PolicyDocument, IndexedPolicy>();
const EMPTY: IndexedPolicy = { all: [], allows: [] };

function indexed(doc: PolicyDocument | undefined): IndexedPolicy {
  if (doc === undefined) return EMPTY;
  let hit = cache.get(doc);
  if (hit === undefined) {
    const all = statementsOf(doc).map((statement, index): LockStatement =>
      statement.Sid === undefined ? { statement, index } : { statement, index, sid: statement.Sid },
    );
    hit = { all, allows: all.filter((s) => s.statement.Effect === 'Allow') };
    cache.set(doc, hit);
  }
  return hit;
}

/** Every statement of a resource policy with its position; empty when there is no policy. */
export function lockStatementsOf(doc: PolicyDocument | undefined): readonly LockStatement[] {
  return indexed(doc).all;
}

/** The Allow statements of a resource policy. */
export function allowStatementsOf(doc: PolicyDocument | undefined): readonly LockStatement[] {
  return indexed(doc).allows;
}

/** `Sid "x" (statement 2)` — how findings name a statement. */
export function describeStatement(s: LockStatement): string {
  return s.sid === undefined ? `statement ${s.index}` : `statement "${s.sid}" (index ${s.index})`;
}
