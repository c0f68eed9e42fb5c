/**
 * SNS message attributes for filter policies, e.g. `{"severity": ["critical", "high"]}` or
 * `{"checkId": ["admin-access"]}`: `checkId` is a String.Array (a JSON array in StringValue), which
 * a filter policy matches when any element matches.
 */
import type { Finding, Severity } from '../checks/types.ts';
import type { StringMessageAttribute } from './RenderedAlert.ts';
import { worstFirst } from './worstFirst.ts';

export function alertMessageAttributes(
  findings: readonly Finding[],
  meta: {
    kind: 'alert' | 'digest';
    accountId: string;
    region: string;
    /** A digest lists only its worst findings: it gives every check id and the worst severity it counts. */
    counted?: { checkIds: readonly string[]; severity: Severity };
  },
): Record<string, StringMessageAttribute> {
  const sorted = worstFirst(findings);
  const checkIds = [...new Set([...sorted.map((f) => f.checkId), ...(meta.counted?.checkIds ?? [])])].sort();
  return {
    severity: { DataType: 'String', StringValue: meta.counted?.severity ?? sorted[0]?.severity ?? 'info' },
    checkId: { DataType: 'String.Array', StringValue: JSON.stringify(checkIds) },
    kind: { DataType: 'String', StringValue: meta.kind },
    accountId: { DataType: 'String', StringValue: meta.accountId },
    region: { DataType: 'String', StringValue: meta.region },
  };
}
