/**
 * SNS message attributes for filter policies, e.g. `{"severity": ["critical", "high"]}` or
 * `{"checkId": ["admin-access"]}`: `checkId` is a String.Array (a JSON array in StringValue), which
 * a filter policy matches when any element matches.
 */
import type { Finding } from '../checks/types.ts';
import type { StringMessageAttribute } from './RenderedAlert.ts';
import { worstFirst } from './worstFirst.ts';

export function alertMessageAttributes(
  findings: readonly Finding[],
  meta: { kind: 'alert' | 'digest'; accountId: string; region: string },
): Record<string, StringMessageAttribute> {
  const sorted = worstFirst(findings);
  const checkIds = [...new Set(sorted.map((f) => f.checkId))].sort();
  return {
    severity: { DataType: 'String', StringValue: sorted[0]?.severity ?? 'info' },
    checkId: { DataType: 'String.Array', StringValue: JSON.stringify(checkIds) },
    kind: { DataType: 'String', StringValue: meta.kind },
    accountId: { DataType: 'String', StringValue: meta.accountId },
    region: { DataType: 'String', StringValue: meta.region },
  };
}
