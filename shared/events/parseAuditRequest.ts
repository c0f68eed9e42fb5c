import { EventParseError } from './errors.ts';

/** What a manual or scheduled invocation of the audit function asks for. */
export interface AuditRequest {
  /** Function names or ARNs to audit; undefined = the whole region. */
  functions?: string[];
}

/**
 * Reads the audit function's payload: `{}` (whole region) or `{"functions": ["name-or-arn", ...]}`.
 * Other keys are left to the handler (e.g. continuation state). Throws EventParseError on a bad shape.
 */
export function parseAuditRequest(event: unknown): AuditRequest {
  if (event === null || event === undefined) return {};
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new EventParseError(undefined, '(event)', 'must be an object such as {} or {"functions": ["my-function"]}');
  }
  const functions = (event as Record<string, unknown>).functions;
  if (functions === undefined) return {};
  if (!Array.isArray(functions) || functions.length === 0 || !functions.every((f) => typeof f === 'string' && f !== '')) {
    throw new EventParseError(undefined, 'functions', 'must be a non-empty list of function names or ARNs');
  }
  return { functions: functions as string[] };
}
