import { cutForMessage } from '../report/cutForMessage.ts';
import { EventParseError } from './errors.ts';
import { parseFunctionIdentifier } from './parseFunctionIdentifier.ts';

/** What a manual or scheduled invocation of the audit function asks for. */
export interface AuditRequest {
  /** Function names or ARNs to audit, each function once; undefined = the whole region. */
  functions?: string[];
}

/**
 * Reads the audit function's payload: `{}` (whole region) or `{"functions": ["name-or-arn", ...]}`.
 * Each entry must be what Lambda accepts as a FunctionName (parseFunctionIdentifier); entries that
 * name the same function (`orders-api` and its ARN) are audited once, in the first form given.
 * Other keys are left to the handler (e.g. continuation state). Throws EventParseError on a bad shape.
 */
export function parseAuditRequest(event: unknown): AuditRequest {
  if (event === null || event === undefined) return {};
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new EventParseError(undefined, '(event)', 'must be an object such as {} or {"functions": ["my-function"]}');
  }
  const functions = (event as Record<string, unknown>).functions;
  if (functions === undefined) return {};
  if (!Array.isArray(functions) || functions.length === 0) {
    throw new EventParseError(undefined, 'functions', 'must be a non-empty list of function names or ARNs (use {} for the whole region)');
  }
  const byFunction = new Map<string, string>();
  functions.forEach((entry: unknown, index) => {
    const id = typeof entry === 'string' ? parseFunctionIdentifier(entry) : undefined;
    if (id === undefined) {
      const shown = typeof entry === 'string' ? `"${cutForMessage(entry)}"` : JSON.stringify(entry) === undefined ? String(entry) : typeof entry;
      throw new EventParseError(
        undefined,
        `functions[${index}]`,
        `is ${shown}, not a Lambda function name (1-64 letters, digits, - or _) or function ARN, optionally with :version or :alias`,
      );
    }
    const key = `${id.functionName}:${id.qualifier ?? ''}`;
    if (!byFunction.has(key)) byFunction.set(key, entry as string);
  });
  return { functions: [...byFunction.values()] };
}
