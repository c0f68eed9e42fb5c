/**
 * Reads the continuation a previous audit invocation handed over, checking every field the next
 * invocation and the final digest use, so a hand-edited or truncated payload is refused with the
 * field named instead of crashing the digest or counting NaN.
 */
import { SEVERITIES } from '../checks/types.ts';
import type { AuditContinuation } from './AuditContinuation.ts';
import { PipelineError } from './errors.ts';
import { firstBadField, isCount, isObject, isString, listOf, optional } from './firstBadField.ts';
import type { FieldCheck } from './firstBadField.ts';

const isEvidence: FieldCheck = (value) =>
  isObject(value) &&
  isString(value.source) &&
  isString(value.note) &&
  optional(isString)(value.policyArn) &&
  optional(isString)(value.statementSid) &&
  optional(isCount)(value.statementIndex);
const isFinding: FieldCheck = (value) =>
  isObject(value) &&
  ['checkId', 'resourceArn', 'title', 'detail'].every((key) => isString(value[key])) &&
  (SEVERITIES as readonly unknown[]).includes(value.severity) &&
  (value.door === 'role' || value.door === 'resource-policy') &&
  listOf(isString)(value.functionArns) &&
  listOf(isEvidence)(value.evidence) &&
  isObject(value.remediation) &&
  isString(value.remediation.text) &&
  isString(value.remediation.cli);

const isRegionCounts: FieldCheck = (value) =>
  isObject(value) && ['functionsEvaluated', 'findings', 'worstCaseFunctions'].every((key) => isCount(value[key]));

/** Dotted path -> check; the first that fails is named in the error. */
const FIELDS: [string, FieldCheck][] = [
  ['auditId', isString],
  ['startAfter', isString],
  ['invocation', (value) => isCount(value) && (value as number) >= 1],
  ['startedAt', isString],
  ['totals', isObject],
  ['totals.functionsEvaluated', isCount],
  ['totals.rolesEvaluated', isCount],
  ['totals.findings', isCount],
  ['totals.worstCaseFunctions', isCount],
  ['totals.bySeverity', isObject],
  ...SEVERITIES.map((s): [string, FieldCheck] => [`totals.bySeverity.${s}`, isCount]),
  ['totals.byCheck', (value) => isObject(value) && Object.values(value).every(isCount)],
  ['totals.worst', listOf(isFinding)],
  ['totals.worstCaseFunctionArns', listOf(isString)],
  // Older continuations have no reportedRoles: at worst a role is reported twice.
  ['reportedRoles', (value) => value === undefined || listOf(isString)(value)],
  // Older continuations have no region: they continue a single-region audit of the stack's region.
  ['region', optional(isString)],
  ['totals.aliasesEvaluated', optional(isCount)],
  ['totals.versionsEvaluated', optional(isCount)],
  ['totals.qualifiers', optional((value) => value === 'latest' || value === 'aliases' || value === 'all')],
  ['totals.regions', optional((value) => isObject(value) && Object.values(value).every(isRegionCounts))],
];

export function parseAuditContinuation(event: unknown): AuditContinuation | undefined {
  if (typeof event !== 'object' || event === null || !('continuation' in event)) return undefined;
  const c = (event as { continuation: unknown }).continuation;
  const bad = isObject(c) ? firstBadField(c, FIELDS) : '(the continuation itself)';
  if (bad !== undefined) {
    throw new PipelineError(
      `The audit payload has a "continuation" that is not one Keycard wrote (${bad} is missing or of the wrong type; ` +
        'expected auditId, startAfter, invocation, startedAt and totals with every count). Start a new audit with {} instead.',
    );
  }
  return c as unknown as AuditContinuation;
}
