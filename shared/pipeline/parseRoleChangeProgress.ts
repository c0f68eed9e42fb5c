/**
 * Reads the progress a split role change hands its next invocation (`keycardRoleChange` beside the
 * EventBridge event). Absent: the first part. Present but not what Keycard writes: an error naming
 * the field, so a hand-edited payload is never half-read.
 */
import { PipelineError } from './errors.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';

export const ROLE_CHANGE_PROGRESS_FIELD = 'keycardRoleChange';

export function parseRoleChangeProgress(event: unknown): RoleChangeProgress | undefined {
  if (typeof event !== 'object' || event === null || !(ROLE_CHANGE_PROGRESS_FIELD in event)) return undefined;
  const value = (event as Record<string, unknown>)[ROLE_CHANGE_PROGRESS_FIELD];
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const bad = [
    ['part', Number.isInteger(v.part) && (v.part as number) >= 1],
    ['startAfter', typeof v.startAfter === 'string' && v.startAfter !== ''],
    ['reportedRoles', Array.isArray(v.reportedRoles) && v.reportedRoles.every((key) => typeof key === 'string')],
    ['trustIndex', typeof v.trustIndex === 'boolean'],
  ].find(([, ok]) => !ok)?.[0];
  if (bad !== undefined) {
    throw new PipelineError(
      `The event's "${ROLE_CHANGE_PROGRESS_FIELD}" is not one Keycard wrote (${ROLE_CHANGE_PROGRESS_FIELD}.${String(bad)} is missing or of the wrong type; ` +
        'expected part, startAfter, reportedRoles and trustIndex). Send the CloudTrail event without it to evaluate the change from the start.',
    );
  }
  return { part: v.part as number, startAfter: v.startAfter as string, reportedRoles: v.reportedRoles as string[], trustIndex: v.trustIndex as boolean };
}
