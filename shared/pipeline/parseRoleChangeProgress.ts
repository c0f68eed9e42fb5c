/**
 * Reads the progress a split role change hands its next invocation (`keycardRoleChange` beside the
 * EventBridge event). Absent: the first part. Present but not what Keycard writes: an error naming
 * the field, so a hand-edited payload is never half-read.
 */
import { PipelineError } from './errors.ts';
import { firstBadField, isObject, isString, listOf } from './firstBadField.ts';
import type { FieldCheck } from './firstBadField.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';

export const ROLE_CHANGE_PROGRESS_FIELD = 'keycardRoleChange';

/** Field -> check; the first that fails is named in the error. */
const FIELDS: [string, FieldCheck][] = [
  ['part', (value) => Number.isInteger(value) && (value as number) >= 1],
  ['startAfter', (value) => isString(value) && value !== ''],
  ['reportedRoles', listOf(isString)],
  ['trustIndex', (value) => typeof value === 'boolean'],
];

export function parseRoleChangeProgress(event: unknown): RoleChangeProgress | undefined {
  if (typeof event !== 'object' || event === null || !(ROLE_CHANGE_PROGRESS_FIELD in event)) return undefined;
  const value = (event as Record<string, unknown>)[ROLE_CHANGE_PROGRESS_FIELD];
  const v = isObject(value) ? value : {};
  const bad = firstBadField(v, FIELDS);
  if (bad !== undefined) {
    throw new PipelineError(
      `The event's "${ROLE_CHANGE_PROGRESS_FIELD}" is not one Keycard wrote (${ROLE_CHANGE_PROGRESS_FIELD}.${bad} is missing or of the wrong type; ` +
        'expected part, startAfter, reportedRoles and trustIndex). Send the CloudTrail event without it to evaluate the change from the start.',
    );
  }
  return { part: v.part as number, startAfter: v.startAfter as string, reportedRoles: v.reportedRoles as string[], trustIndex: v.trustIndex as boolean };
}
