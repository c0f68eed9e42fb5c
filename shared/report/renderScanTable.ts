/**
 * The human report of `keycard scan`: one block per finding, each opening with its place in the
 * template (`template.yaml:42:9`) so an editor or terminal can jump there, worst first, then one
 * summary line. The fix is the remediation text: the change belongs in the template, not in the account.
 */
import { createColors } from 'picocolors';
import { SEVERITIES } from '../checks/types.ts';
import type { Finding, Severity } from '../checks/types.ts';
import type { AuditResult } from '../engine/AuditResult.ts';
import { shortName } from './shortName.ts';

export interface RenderScanTableOptions {
  color: boolean;
  /** The templates scanned, as the user named them. */
  files: readonly string[];
  /** Lines printed under the header (assumed account, managed policy catalogue version, ...). */
  notes: readonly string[];
}

const INDENT = '    ';

export function renderScanTable(result: AuditResult, options: RenderScanTableOptions): string {
  const c = createColors(options.color);
  const { summary } = result;
  const lines = [
    c.bold(`Keycard scan of ${options.files.join(', ')}`) +
      ` (account ${summary.accountId}, ${summary.region}): ${plural(summary.functionsEvaluated, 'function')}, ${plural(summary.rolesEvaluated, 'role')}`,
    ...options.notes.map((note) => c.dim(note)),
    '',
  ];
  for (const finding of result.findings) {
    const at = finding.location ? `${finding.location.file}:${finding.location.line}:${finding.location.column}` : '(no line)';
    const severity = paint(finding.severity.toUpperCase(), finding.severity, c);
    lines.push(`${c.bold(at)}  ${severity}  ${finding.checkId}  ${finding.title}`);
    const where = finding.location?.logicalId ? `${finding.location.logicalId}: ` : '';
    lines.push(`${INDENT}${where}${finding.detail}`);
    if (finding.functionArns.length > 1) lines.push(`${INDENT}${c.dim(`affects ${finding.functionArns.map(shortName).join(', ')}`)}`);
    lines.push(`${INDENT}${c.dim('fix:')} ${finding.remediation.text}`, '');
  }
  if (result.findings.length === 0) lines.push(c.green('No findings.'), '');
  lines.push(summaryLine(result.findings, result, c));
  return `${lines.join('\n')}\n`;
}

function summaryLine(findings: readonly Finding[], result: AuditResult, c: ReturnType<typeof createColors>): string {
  const counts = SEVERITIES.map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(', ');
  const affected = new Set(findings.flatMap((f) => f.functionArns)).size;
  const worst = result.functions.filter((f) => f.worstCase).length;
  const worstText = plural(worst, 'worst-case function');
  return `${c.bold('Summary:')} ${plural(findings.length, 'finding')} (${counts}) in ${affected} of ${plural(result.summary.functionsEvaluated, 'function')}; ${worst > 0 ? c.red(worstText) : worstText}.`;
}

function paint(text: string, severity: Severity, c: ReturnType<typeof createColors>): string {
  if (severity === 'critical') return c.bold(c.red(text));
  if (severity === 'high') return c.red(text);
  if (severity === 'medium') return c.yellow(text);
  if (severity === 'low') return c.cyan(text);
  return c.dim(text);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
