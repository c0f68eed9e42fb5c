/**
 * What --min-severity left out, said on stderr (audit and scan) so nothing is dropped silently:
 * one `keycard:` note wrapped to 80 columns, continuation lines indented, like the report.
 */
import type { Severity } from '../shared/checks/types.ts';
import { wrapText } from '../shared/alerts/wrapText.ts';

/** `gaps`: hidden `evaluation-incomplete` findings, named since they mean others may be missing. */
export function hiddenFindingsNote(hidden: number, min: Severity, gaps = 0): string | undefined {
  if (hidden === 0) return undefined;
  const including = gaps > 0 ? `, including ${gaps} evaluation-incomplete (part of the account could not be read or judged)` : '';
  const [first = '', ...rest] = wrapText(
    `keycard: ${hidden} finding${hidden === 1 ? '' : 's'} below --min-severity ${min} not reported${including}; use --min-severity info to see all`,
    78,
  );
  return [first, ...rest.map((line) => `  ${line}`)].join('\n');
}
