/** Reads the continuation a previous audit invocation handed over, checking its shape. */
import { SEVERITIES } from '../checks/types.ts';
import type { AuditContinuation } from './AuditContinuation.ts';
import { PipelineError } from './errors.ts';

export function parseAuditContinuation(event: unknown): AuditContinuation | undefined {
  if (typeof event !== 'object' || event === null || !('continuation' in event)) return undefined;
  const c = (event as { continuation: unknown }).continuation as Partial<AuditContinuation> | null;
  const valid =
    c !== null &&
    typeof c === 'object' &&
    typeof c.auditId === 'string' &&
    typeof c.startAfter === 'string' &&
    typeof c.invocation === 'number' &&
    typeof c.startedAt === 'string' &&
    typeof c.totals === 'object' &&
    c.totals !== null &&
    Array.isArray(c.totals.worst) &&
    Array.isArray(c.totals.worstCaseFunctionArns) &&
    (c.reportedRoles === undefined || (Array.isArray(c.reportedRoles) && c.reportedRoles.every((k) => typeof k === 'string'))) &&
    SEVERITIES.every((s) => typeof c.totals?.bySeverity?.[s] === 'number');
  if (!valid) {
    throw new PipelineError(
      'The audit payload has a "continuation" that is not one Keycard wrote (auditId, startAfter, invocation, startedAt, totals). ' +
        'Start a new audit with {} instead.',
    );
  }
  return c as AuditContinuation;
}
