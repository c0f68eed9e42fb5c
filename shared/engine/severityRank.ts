import { SEVERITIES, type Severity } from '../checks/types.ts';

/** 0 for critical ... 4 for info: lower is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is at or above `min` (critical >= high >= ... >= info). */
export function isAtLeast(severity: Severity, min: Severity): boolean {
  return severityRank(severity) <= severityRank(min);
}
