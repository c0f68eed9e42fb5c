/**
 * Reads the continuation a previous organization audit invocation handed over
 * (`{"organizationContinuation": {...}}`), checking what the next invocation and the digest use;
 * each started account's own continuation is checked as parseAuditContinuation checks one.
 */
import { SEVERITIES } from '../checks/types.ts';
import { emptyTotals } from './auditTotals.ts';
import { PipelineError } from './errors.ts';
import { firstBadField, isCount, isObject, isString, listOf } from './firstBadField.ts';
import type { FieldCheck } from './firstBadField.ts';
import type { OrganizationAuditContinuation } from './OrganizationAuditContinuation.ts';
import { parseAuditContinuation } from './parseAuditContinuation.ts';

const isAccountId = (value: unknown): boolean => typeof value === 'string' && /^\d{12}$/.test(value);
const isLine = (value: unknown): boolean =>
  isObject(value) &&
  isAccountId(value.accountId) &&
  (value.status === 'audited' || value.status === 'unreadable') &&
  ['functionsEvaluated', 'rolesEvaluated', 'findings', 'worstCaseFunctions'].every((key) => isCount(value[key])) &&
  isObject(value.bySeverity) &&
  SEVERITIES.every((s) => isCount((value.bySeverity as Record<string, unknown>)[s]));

/** Field -> check; the first that fails is named in the error. */
const FIELDS: [string, FieldCheck][] = [
  ['auditId', isString],
  ['invocation', (value) => isCount(value) && (value as number) >= 1],
  ['startedAt', isString],
  ['accounts', (value) => Array.isArray(value) && value.every((a) => isObject(a) && isAccountId(a.id))],
  ['done', (value) => Array.isArray(value) && value.every(isLine)],
  ['inProgress', (value) => Array.isArray(value) && value.every((p) => isObject(p) && isAccountId(p.accountId))],
  ['byCheck', (value) => isObject(value) && Object.values(value).every(isCount)],
  ['worst', Array.isArray],
  ['worstCaseFunctionArns', listOf(isString)],
];

export function parseOrganizationAuditContinuation(event: unknown): OrganizationAuditContinuation | undefined {
  if (!isObject(event) || !('organizationContinuation' in event)) return undefined;
  const c = event.organizationContinuation;
  const problem = isObject(c) ? firstBadField(c, FIELDS) : '(the continuation itself)';
  if (problem !== undefined) {
    throw new PipelineError(
      `The audit payload has an "organizationContinuation" that is not one Keycard wrote (${problem} is missing or of the wrong type). Start a new audit with {} instead.`,
    );
  }
  const continuation = c as unknown as OrganizationAuditContinuation;
  // Each started account's continuation, and the worst findings, as a single-account continuation would hold them.
  for (const p of continuation.inProgress) parseAuditContinuation({ continuation: p.continuation });
  parseAuditContinuation({ continuation: { auditId: 'x', startAfter: '', invocation: 1, startedAt: 'x', totals: { ...emptyTotals(undefined), worst: continuation.worst } } });
  return continuation;
}
