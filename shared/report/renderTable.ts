/**
 * The human report: one block per function, worst first, both doors under it ("Role (keycard)" and
 * "Resource policy (lock)"), then findings that affect no listed function, then one summary line.
 * A role finding is shown under every function it affects (that is where a reader looks), with its
 * detail and fix printed the first time only, so a role shared by ten functions stays readable.
 */
import { createColors } from 'picocolors';
import { SEVERITIES } from '../checks/types.ts';
import type { Finding, Severity } from '../checks/types.ts';
import type { AuditResult, FunctionRisk } from '../engine/AuditResult.ts';
import { displaySafeResult } from './displaySafeResult.ts';
import { shortName } from './shortName.ts';

export interface RenderTableOptions {
  /** ANSI colours; the CLI turns them on only for a TTY. */
  color: boolean;
}

type Colors = ReturnType<typeof createColors>;

const CHECK_ID_WIDTH = 'missing-feature-permissions'.length;
const SEVERITY_WIDTH = 'CRITICAL'.length;
const INDENT = '    ';
const DETAIL_INDENT = ' '.repeat(INDENT.length + SEVERITY_WIDTH + 2 + CHECK_ID_WIDTH + 2);

export function renderTable(given: AuditResult, options: RenderTableOptions): string {
  const result = displaySafeResult(given); // names and details from the input never drive the terminal
  const c = createColors(options.color);
  const lines: string[] = [];
  const { summary } = result;
  lines.push(
    c.bold(`Keycard audit of account ${summary.accountId} (${summary.region})`) +
      `: ${plural(summary.functionsEvaluated, 'function')}, ${plural(summary.rolesEvaluated, 'role')}`,
    '',
  );

  const functions = [...result.functions].sort((a, b) => Number(b.worstCase) - Number(a.worstCase));
  const listed = new Set(functions.map((f) => f.functionArn));
  const findingsByFunction = new Map<string, Finding[]>();
  const unattached: Finding[] = [];
  for (const finding of result.findings) {
    const targets = finding.functionArns.filter((arn) => listed.has(arn));
    if (targets.length === 0) unattached.push(finding);
    for (const arn of targets) {
      const list = findingsByFunction.get(arn) ?? [];
      list.push(finding);
      findingsByFunction.set(arn, list);
    }
  }

  const shownUnder = new Map<Finding, string>();
  const clean: string[] = [];
  for (const fn of functions) {
    const findings = findingsByFunction.get(fn.functionArn) ?? [];
    // A worst-case function keeps its block even when --min-severity hid all its findings.
    if (findings.length === 0 && !fn.worstCase) {
      clean.push(fn.functionName);
      continue;
    }
    lines.push(functionHeader(fn, c));
    const roleFindings = findings.filter((f) => f.door === 'role');
    const lockFindings = findings.filter((f) => f.door !== 'role');
    lines.push(`  ${c.bold('Role (keycard)')} ${c.dim(shortName(fn.roleArn))}`);
    lines.push(...findingBlock(roleFindings, fn, shownUnder, c));
    lines.push(`  ${c.bold('Resource policy (lock)')}`);
    lines.push(...findingBlock(lockFindings, fn, shownUnder, c));
    lines.push('');
  }

  if (unattached.length > 0) {
    lines.push(c.bold('Other findings (no audited function affected)'));
    for (const finding of unattached) {
      lines.push(findingLine(finding, c), `${DETAIL_INDENT}${c.dim(shortName(finding.resourceArn))}`);
      lines.push(...detailLines(finding, c));
    }
    lines.push('');
  }

  if (clean.length > 0) lines.push(`${c.green('No findings:')} ${clean.join(', ')}`, '');
  lines.push(summaryLine(result, findingsByFunction.size, c));
  return `${lines.join('\n')}\n`;
}

function functionHeader(fn: FunctionRisk, c: Colors): string {
  if (fn.worstCase) {
    const banner = c.bold(c.red('[WORST CASE]'));
    return `${banner} ${c.bold(fn.functionName)}  ${c.red(worstCaseReason(fn))}`;
  }
  const worst = fn.worstSeverity ? `worst: ${paint(fn.worstSeverity, fn.worstSeverity, c)}` : '';
  return `${c.bold(fn.functionName)}  ${c.dim(`(lock: ${fn.exposure}, keycard: ${fn.rolePower})`)} ${worst}`.trimEnd();
}

function worstCaseReason(fn: FunctionRisk): string {
  const who = fn.exposure === 'public' ? 'anyone can invoke it' : 'another account can invoke it';
  const power = fn.rolePower === 'admin' ? 'its role has admin access' : 'its role can escalate privileges';
  return `${who} and ${power}`;
}

function findingBlock(findings: Finding[], fn: FunctionRisk, shownUnder: Map<Finding, string>, c: Colors): string[] {
  if (findings.length === 0) return [`${INDENT}${c.dim('no findings')}`];
  const lines: string[] = [];
  for (const finding of findings) {
    lines.push(findingLine(finding, c));
    const firstShownUnder = shownUnder.get(finding);
    if (firstShownUnder) {
      lines.push(`${DETAIL_INDENT}${c.dim(`same ${finding.door === 'role' ? 'role ' : ''}finding as under ${firstShownUnder} above`)}`);
      continue;
    }
    shownUnder.set(finding, fn.functionName);
    lines.push(...detailLines(finding, c));
  }
  return lines;
}

function findingLine(finding: Finding, c: Colors): string {
  const severity = paint(finding.severity.toUpperCase().padEnd(SEVERITY_WIDTH), finding.severity, c);
  return `${INDENT}${severity}  ${finding.checkId.padEnd(CHECK_ID_WIDTH)}  ${finding.title}`;
}

function detailLines(finding: Finding, c: Colors): string[] {
  const lines = [`${DETAIL_INDENT}${finding.detail}`];
  if (finding.functionArns.length > 1) {
    lines.push(`${DETAIL_INDENT}${c.dim(`affects ${finding.functionArns.map(shortName).join(', ')}`)}`);
  }
  if (finding.remediation.cli) lines.push(`${DETAIL_INDENT}${c.dim('fix:')} ${finding.remediation.cli}`);
  return lines;
}

/** Counted from the findings shown, so the line agrees with the report after severity filtering. */
function summaryLine(result: AuditResult, affected: number, c: Colors): string {
  const total = result.findings.length;
  const bySeverity = new Map<Severity, number>();
  for (const finding of result.findings) bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
  const counts = SEVERITIES.map((s) => `${bySeverity.get(s) ?? 0} ${s}`).join(', ');
  const worst = result.functions.filter((f) => f.worstCase).length;
  const worstText = worst > 0 ? c.red(plural(worst, 'worst-case function')) : plural(0, 'worst-case function');
  return (
    `${c.bold('Summary:')} ${plural(total, 'finding')} (${counts}) ` +
    `in ${affected} of ${plural(result.summary.functionsEvaluated, 'function')}; ${worstText}.`
  );
}

function paint(text: string, severity: Severity, c: Colors): string {
  switch (severity) {
    case 'critical':
      return c.bold(c.red(text));
    case 'high':
      return c.red(text);
    case 'medium':
      return c.yellow(text);
    case 'low':
      return c.cyan(text);
    case 'info':
      return c.dim(text);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
