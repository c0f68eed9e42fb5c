/** The output options audit and scan share: `--format` and `--min-severity`, checked the same way for both. */
import { SEVERITIES } from '../../shared/checks/types.ts';
import type { Severity } from '../../shared/checks/types.ts';
import { cutForMessage } from '../../shared/report/cutForMessage.ts';
import { UsageError } from '../errors.ts';

export const REPORT_FORMATS = ['table', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function parseReportFormat(command: string, value: string | undefined): ReportFormat {
  if (value === undefined) return 'table';
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(`keycard ${command}: --format '${cutForMessage(value)}' is not one of ${REPORT_FORMATS.join(', ')}`, command);
}

export function parseMinSeverity(command: string, value: string | undefined): Severity {
  if (value === undefined) return 'low';
  const lower = value.toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(lower)) return lower as Severity;
  throw new UsageError(`keycard ${command}: --min-severity '${cutForMessage(value)}' is not one of ${SEVERITIES.join(', ')}`, command);
}
