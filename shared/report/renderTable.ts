/**
 * The human report: a legend and the sort order, then one block per function, worst first, both doors
 * under it ("Role (keycard)" and "Resource policy (lock)"), then findings that affect no listed
 * function, then one summary line. A role finding is shown under every function it affects (that is
 * where a reader looks), with its detail and fix printed the first time only, so a role shared by ten
 * functions stays readable. Every line fits the width, with a hanging indent; fix commands wrap in a
 * way a shell reads back unchanged (wrapCommand), except a single word longer than a line.
 */
import { createColors } from 'picocolors';
import { SEVERITIES } from '../checks/types.ts';
import type { Finding, Severity } from '../checks/types.ts';
import type { AuditResult, FunctionRisk } from '../engine/AuditResult.ts';
import { wrapText } from '../alerts/wrapText.ts';
import { displaySafeResult } from './displaySafeResult.ts';
import { shortName } from './shortName.ts';
import { wrapCommand } from './wrapCommand.ts';

export interface RenderTableOptions {
  /** ANSI colours; the CLI turns them on only for a TTY. */
  color: boolean;
  /** Columns to fit (the terminal's width; 80 when not a terminal). */
  width?: number;
}

export const DEFAULT_TABLE_WIDTH = 80;

/** Printed once, under the heading: what the markers mean and why the order is what it is. */
const LEGEND: readonly [string, string][] = [
  ['[WORST CASE]', 'others can invoke it and its role is admin or can escalate'],
  ['lock:', 'who can invoke it: public, cross-account or private'],
  ['keycard:', 'what its role can do: admin, privilege-escalation or ordinary'],
  ['worst:', 'its most severe finding'],
  ['fix:', 'AWS CLI commands to paste as printed; # lines are notes'],
];
const ORDER =
  'Order: worst case first, then lock, keycard and worst finding: a medium finding on a function another ' +
  'account can invoke sorts above a high one on a private function.';

function legendLines(width: number): string[] {
  const term = ' '.repeat(16);
  return [
    'Legend',
    ...LEGEND.flatMap(([name, meaning]) => wrap(meaning, width, `  ${name.padEnd(14)}`, term)),
    ...wrap(ORDER, width, '', '  '),
  ];
}

type Colors = ReturnType<typeof createColors>;

const SEVERITY_WIDTH = 'CRITICAL'.length;
const INDENT = '    ';
const DETAIL_INDENT = '      ';
const COMMAND_INDENT = '        ';

/** Wraps plain text (colour is added after wrapping, so widths are counted on the text itself). */
const wrap = (text: string, width: number, indent: string, hanging = indent): string[] =>
  wrapText(text, width, hanging).map((line, i) => (i === 0 ? indent + line.slice(hanging.length) : line));

export function renderTable(given: AuditResult, options: RenderTableOptions): string {
  const result = displaySafeResult(given); // names and details from the input never drive the terminal
  const c = createColors(options.color);
  const width = Math.max(40, options.width ?? DEFAULT_TABLE_WIDTH);
  const lines: string[] = [];
  const { summary } = result;
  const scope = summary.accounts === undefined ? `account ${summary.accountId}` : plural(summary.accounts.length, 'account');
  const heading = wrap(
    `Keycard audit of ${scope} (${summary.region}): ` +
      `${plural(summary.functionsEvaluated, 'function')}, ${plural(summary.rolesEvaluated, 'role')}` +
      (summary.qualifiers === undefined
        ? ''
        : `, ${plural(summary.aliasesEvaluated ?? 0, 'alias', 'aliases')}, ${plural(summary.versionsEvaluated ?? 0, 'version')} (--qualifiers ${summary.qualifiers})`),
    width,
    '',
    '  ',
  );
  lines.push(...heading.map((l) => c.bold(l)), '', ...legendLines(width).map((l) => c.dim(l)), '');

  const functions = [...result.functions].sort((a, b) => Number(b.worstCase) - Number(a.worstCase));
  // Aliases and versions are listed under their function (FunctionRisk.qualifiers).
  const listed = new Set(functions.flatMap((f) => [f.functionArn, ...(f.qualifiers ?? []).map((q) => q.functionArn)]));
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
    const qualifiers = (fn.qualifiers ?? []).filter((q) => q.worstCase || (findingsByFunction.get(q.functionArn) ?? []).length > 0);
    // A worst-case function keeps its block even when --min-severity hid all its findings.
    if (findings.length === 0 && qualifiers.length === 0 && !fn.worstCase) {
      clean.push(fn.accountId === undefined ? fn.functionName : `${fn.functionName} (${fn.accountId})`);
      continue;
    }
    lines.push(...functionHeader(fn, width, c));
    lines.push(...doorLines(fn, findings, shownUnder, width, c));
    for (const qualifier of qualifiers) {
      lines.push(...qualifierHeader(qualifier, width, c));
      lines.push(...doorLines(qualifier, findingsByFunction.get(qualifier.functionArn) ?? [], shownUnder, width, c));
    }
    lines.push('');
  }

  if (unattached.length > 0) {
    lines.push(c.bold('Other findings (no audited function affected)'));
    for (const finding of unattached) {
      lines.push(...findingLine(finding, width, c), ...wrap(shortName(finding.resourceArn), width, DETAIL_INDENT).map((l) => c.dim(l)));
      lines.push(...detailLines(finding, width, c));
    }
    lines.push('');
  }

  if (clean.length > 0) {
    const noFindings = wrap(`No findings: ${clean.join(', ')}`, width, '', '  ');
    lines.push(...noFindings.map((l, i) => (i === 0 ? l.replace('No findings:', c.green('No findings:')) : l)), '');
  }
  // A function counts once, whether the findings are on it or on its aliases and versions.
  const affected = functions.filter((f) => [f, ...(f.qualifiers ?? [])].some((q) => findingsByFunction.has(q.functionArn))).length;
  lines.push(...mutedLines(result, width, c));
  lines.push(...accountLines(result, width, c));
  lines.push(...summaryLines(result, affected, width, c));
  return `${lines.join('\n')}\n`;
}

/** Muted findings are never dropped silently: counted always, listed with their mute on request. */
function mutedLines(result: AuditResult, width: number, c: Colors): string[] {
  const count = result.summary.muted ?? 0;
  if (count === 0) return [];
  if (result.muted === undefined) return [...wrap(`${plural(count, 'finding')} muted (--show-muted to list them).`, width, '', '  ').map((l) => c.dim(l)), ''];
  const lines = [c.bold(`Muted findings (${count})`)];
  for (const { finding, mute } of result.muted) {
    lines.push(...findingLine(finding, width, c), ...wrap(shortName(finding.resourceArn), width, DETAIL_INDENT).map((l) => c.dim(l)));
    lines.push(...wrap(`muted until ${mute.expires}: ${mute.reason}`, width, DETAIL_INDENT));
  }
  return [...lines, ''];
}

const ACCOUNT_COUNTS: readonly [string, number][] = [
  ['functions', 9],
  ['worst', 6],
  ['crit', 5],
  ['high', 5],
  ['med', 5],
  ['low', 5],
  ['info', 5],
];
const NAME_WIDTH = 16;
const ACCOUNT_REASON_INDENT = ' '.repeat(16);

/**
 * A report across accounts: one row per account, worst first (as summarizeAccounts ordered them),
 * with its functions, worst-case functions and findings by severity; an unreadable or skipped account
 * says so in its row, and why under it. 69 columns wide, so it fits 80 whatever the names.
 */
function accountLines(result: AuditResult, width: number, c: Colors): string[] {
  const accounts = result.summary.accounts;
  if (accounts === undefined) return [];
  const row = (id: string, name: string, rest: string): string => `  ${id.padEnd(12)}  ${fit(name, NAME_WIDTH).padEnd(NAME_WIDTH)}${rest}`;
  const header = row('account', 'name', ACCOUNT_COUNTS.map(([label, w]) => label.padStart(w)).join(''));
  const lines = [c.bold('Accounts (worst first)'), c.dim(header)];
  for (const a of accounts) {
    if (a.status === 'audited') {
      const counts = [a.functionsEvaluated, a.worstCaseFunctions, ...SEVERITIES.map((s) => a.bySeverity[s])];
      const text = row(a.accountId, a.name ?? '', counts.map((n, i) => String(n).padStart(ACCOUNT_COUNTS[i]![1])).join(''));
      lines.push(a.worstCaseFunctions > 0 ? c.red(text) : text);
      continue;
    }
    if (a.status === 'skipped') {
      lines.push(row(a.accountId, a.name ?? '', c.dim(` skipped: ${a.state ?? 'not active'}`)));
      continue;
    }
    lines.push(row(a.accountId, a.name ?? '', c.yellow(' UNREADABLE: not audited')));
    // The whole reason is in the account's evaluation-incomplete finding; here its first clause.
    if (a.reason !== undefined) lines.push(...wrap(`${firstClause(a.reason)} (see its evaluation-incomplete finding)`, width, ACCOUNT_REASON_INDENT).map((l) => c.dim(l)));
  }
  return [...lines, ''];
}

/** `AssumeRole arn:...: cannot assume the role (AccessDenied: ...); deploy ...` -> up to the first parenthesis or semicolon. */
function firstClause(reason: string): string {
  const end = reason.search(/ \(|; /);
  return end > 0 ? reason.slice(0, end) : reason;
}

/** A name cut to `width` characters, the cut marked. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}~`;
}

/** Both doors of a function, alias or version, with the findings on each. */
function doorLines(fn: FunctionRisk, findings: Finding[], shownUnder: Map<Finding, string>, width: number, c: Colors): string[] {
  const lines: string[] = [];
  const roleFindings = findings.filter((f) => f.door === 'role');
  const lockFindings = findings.filter((f) => f.door !== 'role');
  lines.push(...wrap(`Role (keycard): ${shortName(fn.roleArn)}`, width, '  ', '    ').map((l, i) => (i === 0 ? l.replace('Role (keycard):', c.bold('Role (keycard):')) : l)));
  lines.push(...findingBlock(roleFindings, fn, shownUnder, width, c));
  lines.push(`  ${c.bold('Resource policy (lock)')}`);
  lines.push(...findingBlock(lockFindings, fn, shownUnder, width, c));
  return lines;
}

/** `alias orders:live -> version 3 (lock: public, keycard: admin, worst: high)`, under its function. */
function qualifierHeader(q: FunctionRisk, width: number, c: Colors): string[] {
  const name = shortName(q.functionArn);
  const what = q.qualifierKind === 'alias' ? `alias ${name}${q.version === undefined ? '' : ` -> version ${q.version}`}` : `version ${name}`;
  const worst = q.worstSeverity ? `, worst: ${q.worstSeverity}` : '';
  const text = q.worstCase ? `[WORST CASE] ${what}: ${worstCaseReason(q)}` : `${what} (lock: ${q.exposure}, keycard: ${q.rolePower}${worst})`;
  return wrap(text, width, ' ', '    ').map((l) => (q.worstCase ? c.bold(c.red(l)) : c.bold(l)));
}

function functionHeader(fn: FunctionRisk, width: number, c: Colors): string[] {
  // Across accounts, names repeat: the account says which one.
  const where = fn.accountId === undefined ? '' : ` in ${fn.accountId}`;
  if (fn.worstCase) {
    return [
      ...wrap(`[WORST CASE] ${fn.functionName}${where}`, width, '', '  ').map((l) => c.bold(c.red(l))),
      ...wrap(worstCaseReason(fn) + worstQualifiers(fn), width, '  ').map((l) => c.red(l)),
    ];
  }
  const worst = fn.worstSeverity ? `, worst: ${fn.worstSeverity}` : '';
  const plain = wrap(`${fn.functionName}${where} (lock: ${fn.exposure}, keycard: ${fn.rolePower}${worst})`, width, '', '  ');
  return plain.map((l, i) => (i === 0 ? l.replace(fn.functionName, c.bold(fn.functionName)) : l));
}

/** Which aliases or versions make a function worst case: ` (alias orders:live)`. */
function worstQualifiers(fn: FunctionRisk): string {
  const worst = (fn.qualifiers ?? []).filter((q) => q.worstCase).map((q) => `${q.qualifierKind ?? 'qualifier'} ${shortName(q.functionArn)}`);
  return worst.length === 0 ? '' : ` (${worst.join(', ')})`;
}

function worstCaseReason(fn: FunctionRisk): string {
  const who = fn.exposure === 'public' ? 'anyone can invoke it' : 'another account can invoke it';
  const power = fn.rolePower === 'admin' ? 'its role has admin access' : 'its role can escalate privileges';
  return `${who} and ${power}`;
}

function findingBlock(findings: Finding[], fn: FunctionRisk, shownUnder: Map<Finding, string>, width: number, c: Colors): string[] {
  if (findings.length === 0) return [`${INDENT}${c.dim('no findings')}`];
  const lines: string[] = [];
  for (const finding of findings) {
    lines.push(...findingLine(finding, width, c));
    const firstShownUnder = shownUnder.get(finding);
    if (firstShownUnder) {
      const same = `same ${finding.door === 'role' ? 'role ' : ''}finding as under ${firstShownUnder} above`;
      lines.push(...wrap(same, width, DETAIL_INDENT).map((l) => c.dim(l)));
      continue;
    }
    shownUnder.set(finding, fn.qualifier === undefined ? fn.functionName : shortName(fn.functionArn));
    lines.push(...detailLines(finding, width, c));
  }
  return lines;
}

function findingLine(finding: Finding, width: number, c: Colors): string[] {
  const label = finding.severity.toUpperCase().padEnd(SEVERITY_WIDTH);
  const plain = wrap(`${label} ${finding.checkId}: ${finding.title}`, width, INDENT, DETAIL_INDENT);
  return plain.map((l, i) => (i === 0 ? l.replace(label, paint(label, finding.severity, c)) : l));
}

function detailLines(finding: Finding, width: number, c: Colors): string[] {
  const lines = wrap(finding.detail, width, DETAIL_INDENT);
  if (finding.functionArns.length > 1) {
    lines.push(...wrap(`affects ${finding.functionArns.map(shortName).join(', ')}`, width, DETAIL_INDENT).map((l) => c.dim(l)));
  }
  if (finding.remediation.cli) lines.push(`${DETAIL_INDENT}${c.dim('fix:')}`, ...wrapCommand(finding.remediation.cli, width, COMMAND_INDENT));
  return lines;
}

/** Counted from the findings shown, so the line agrees with the report after severity filtering. */
function summaryLines(result: AuditResult, affected: number, width: number, c: Colors): string[] {
  const total = result.findings.length;
  const bySeverity = new Map<Severity, number>();
  for (const finding of result.findings) bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
  const counts = SEVERITIES.map((s) => `${bySeverity.get(s) ?? 0} ${s}`).join(', ');
  const worst = result.functions.filter((f) => f.worstCase).length;
  const text =
    `Summary: ${plural(total, 'finding')} (${counts}) ` +
    `in ${affected} of ${plural(result.summary.functionsEvaluated, 'function')}; ${plural(worst, 'worst-case function')}.`;
  const regions = Object.entries(result.summary.regions ?? {}).map(
    ([region, r]) => `${region}: ${plural(r.functionsEvaluated, 'function')}, ${plural(r.findings, 'finding')}, ${r.worstCaseFunctions} worst case`,
  );
  const regionLines = regions.length === 0 ? [] : wrap(`Regions: ${regions.join('; ')}.`, width, '', '  ');
  const accountLine = result.summary.accounts === undefined ? [] : wrap(accountsSentence(result.summary.accounts), width, '', '  ');
  return [...wrap(text, width, '', '  '), ...regionLines, ...accountLine].map((l, i) => {
    const bold = i === 0 ? l.replace('Summary:', c.bold('Summary:')) : l;
    return worst > 0 ? bold.replace(plural(worst, 'worst-case function'), c.red(plural(worst, 'worst-case function'))) : bold;
  });
}

/** `Accounts: 3 (2 audited, 1 unreadable, 1 skipped).` */
function accountsSentence(accounts: NonNullable<AuditResult['summary']['accounts']>): string {
  const count = (status: string) => accounts.filter((a) => a.status === status).length;
  const parts = [`${count('audited')} audited`];
  if (count('unreadable') > 0) parts.push(`${count('unreadable')} unreadable`);
  if (count('skipped') > 0) parts.push(`${count('skipped')} skipped`);
  return `Accounts: ${accounts.length} (${parts.join(', ')}).`;
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

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
