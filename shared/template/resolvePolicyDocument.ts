import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument } from '../policy/index.ts';
import type { SourceLocation } from '../checks/types.ts';
import type { IntrinsicResolver } from './IntrinsicResolver.ts';
import { NO_VALUE } from './IntrinsicResolver.ts';
import type { TemplatePositions } from './TemplatePositions.ts';
import { findUnresolved, isUnresolved, Unresolved } from './Unresolved.ts';
import { isIntrinsic } from './values.ts';

/** The condition key that marks a statement scan could not resolve: absent from every request, so unknown. */
export const UNRESOLVED_CONDITION_KEY = 'keycard:UnresolvedIntrinsic';
/** Written where an unresolved value stood, so the statement still reads as written elsewhere. */
export const UNRESOLVED_PLACEHOLDER = '${keycard:UnresolvedIntrinsic}';

export interface ResolvedPolicy {
  document?: PolicyDocument;
  statements: SourceLocation[];
  /** What parts of the policy are unknown, and why. */
  unknown: { what: string; reason: string }[];
}

/**
 * A policy document as written in a template -> a PolicyDocument the evaluator reads, and where each
 * statement is. A statement holding an unresolved value keeps its shape, the value replaced by a
 * placeholder, and gains a condition on a key no request carries: the evaluator then treats it as
 * conditional, which is never a grant (Allow) and never a safeguard (Deny).
 */
export function resolvePolicyDocument(
  raw: unknown,
  what: string,
  resolver: IntrinsicResolver,
  positions: TemplatePositions,
  at: SourceLocation,
): ResolvedPolicy {
  const here = (value: unknown, fallback: SourceLocation): SourceLocation => {
    const p = positions.of(value);
    return p ? { ...fallback, line: p.line, column: p.column } : fallback;
  };
  const documentAt = here(raw, at);
  if (isIntrinsic(raw)) {
    // `PolicyDocument: !If [Cond, {...}, !Ref AWS::NoValue]`: resolve, then read what it gives.
    const resolved = resolver.resolve(raw);
    if (resolved === undefined) return { statements: [], unknown: [] };
    if (isUnresolved(resolved)) return { statements: [], unknown: [{ what, reason: `${resolved.reason}; left out (never a grant, never a safeguard)` }] };
    raw = resolved;
  }
  if (typeof raw === 'string') {
    // A JSON string document (rare in templates, common in `cdk synth` output for some constructs).
    try {
      return { document: parsePolicyDocument(raw, what), statements: [], unknown: [] };
    } catch (error) {
      return { statements: [], unknown: [{ what, reason: (error as Error).message }] };
    }
  }
  const rawStatements = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).Statement : undefined;
  const unknown: { what: string; reason: string }[] = [];
  const LEFT_OUT = 'left out (never a grant, never a safeguard)';
  const statements: Record<string, unknown>[] = [];
  const locations: SourceLocation[] = [];
  const add = (resolved: unknown, location: SourceLocation) => {
    if (resolved === NO_VALUE || resolved === undefined) return;
    if (isUnresolved(resolved) || typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) {
      const reason = isUnresolved(resolved) ? resolved.reason : 'not a statement object';
      unknown.push({ what: `statement #${statements.length + unknown.length} of ${what}`, reason: `${reason}; ${LEFT_OUT}` });
      return;
    }
    const statement = resolved as Record<string, unknown>;
    if (isUnresolved(statement.Effect)) {
      unknown.push({ what: `statement #${statements.length} of ${what}`, reason: `Effect: ${statement.Effect.reason}; ${LEFT_OUT}` });
      return;
    }
    const gap = findUnresolved(statement);
    if (gap) {
      unknown.push({ what: `statement #${statements.length} of ${what}`, reason: `${gap.reason}; treated as unknown (never a grant, never a safeguard)` });
      statements.push(markUnknown(statement));
    } else statements.push(statement);
    locations.push(location);
  };

  if (Array.isArray(rawStatements)) {
    rawStatements.forEach((item, index) => {
      const p = positions.ofItem(rawStatements, index);
      add(resolver.resolve(item), p ? { ...at, line: p.line, column: p.column } : documentAt);
    });
  } else if (rawStatements !== undefined) {
    const resolved = resolver.resolve(rawStatements);
    if (Array.isArray(resolved)) for (const item of resolved) add(item, documentAt);
    else add(resolved, here(rawStatements, documentAt));
  } else {
    const resolved = resolver.resolve(raw);
    const reason = isUnresolved(resolved) ? resolved.reason : 'no Statement';
    return { statements: [], unknown: [{ what, reason: `${reason}; ${LEFT_OUT}` }] };
  }

  const header = resolver.resolve({ ...(raw as Record<string, unknown>), Statement: [] }) as Record<string, unknown>;
  const document = { ...(typeof header.Version === 'string' ? { Version: header.Version } : {}), Statement: statements };
  try {
    return { document: parsePolicyDocument(document, what), statements: locations, unknown };
  } catch (error) {
    return { statements: [], unknown: [...unknown, { what, reason: (error as Error).message }] };
  }
}

function markUnknown(statement: Record<string, unknown>): Record<string, unknown> {
  const replaced = replaceUnresolved(statement) as Record<string, unknown>;
  // An unknown resource may be any resource: `*`, under the condition below. (The placeholder is a
  // policy variable only IAM's 2012-10-17 grammar reads; a Version-less document takes it literally.)
  for (const key of ['Resource', 'NotResource'] as const) {
    if (key in statement) replaced[key] = replaceUnresolved(statement[key], '*');
  }
  const condition = (typeof replaced.Condition === 'object' && replaced.Condition !== null ? replaced.Condition : {}) as Record<string, Record<string, unknown>>;
  const stringEquals = { ...(condition.StringEquals ?? {}), [UNRESOLVED_CONDITION_KEY]: 'true' };
  return { ...replaced, Condition: { ...condition, StringEquals: stringEquals } };
}

function replaceUnresolved(value: unknown, placeholder = UNRESOLVED_PLACEHOLDER): unknown {
  if (value instanceof Unresolved) return placeholder;
  if (Array.isArray(value)) return value.map((v) => replaceUnresolved(v, placeholder));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceUnresolved(v, placeholder)]));
  }
  return value;
}
