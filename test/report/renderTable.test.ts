import { describe, expect, it } from 'vitest';
import { renderTable } from '../../shared/report/renderTable.ts';
import { loadSmallAuditResult } from './loadFixture.ts';

const ANSI = /\u001b\[\d+m/;

/** The summary, which wraps like every line: from "Summary:" to the end, joined. */
const summaryOf = (text: string): string => {
  const lines = text.trimEnd().split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('Summary:'))).map((l) => l.trim()).join(' ');
};

describe('renderTable', () => {
  const plain = renderTable(loadSmallAuditResult(), { color: false });
  const lines = plain.trimEnd().split('\n');

  it('puts the worst-case function first and marks it with the reason', () => {
    const firstFunction = lines.find((line) => /ops-runbook-runner|invoice-pdf-renderer|etl-/.test(line));
    expect(firstFunction).toBe('[WORST CASE] ops-runbook-runner');
    expect(lines[lines.indexOf(firstFunction!) + 1]).toBe('  anyone can invoke it and its role has admin access');
  });

  it('orders functions as the result ranks them', () => {
    const order = ['ops-runbook-runner', 'invoice-pdf-renderer ', 'etl-extract ', 'etl-load '].map((h) =>
      lines.findIndex((line) => line.includes(h) && !line.startsWith(' ') && !line.startsWith('No findings')),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows both doors under a function, each finding with severity and check id', () => {
    const start = lines.indexOf('[WORST CASE] ops-runbook-runner');
    const block = lines.slice(start, lines.indexOf('', start));
    expect(block[2]).toBe('  Role (keycard): ops-runbook-runner-role');
    expect(block[3]).toBe('    CRITICAL admin-access: The execution role can do anything');
    expect(block.indexOf('  Resource policy (lock)')).toBeGreaterThan(3);
    expect(block).toContain('    CRITICAL public-invoke: Anyone may invoke the function');
  });

  it('says "no findings" for a door without findings', () => {
    const start = lines.findIndex((line) => line.startsWith('invoice-pdf-renderer '));
    expect(lines.slice(start, lines.indexOf('', start))).toContain('    no findings');
  });

  it('shows a role finding under every function it affects, with its detail once', () => {
    const shared = lines.filter((line) => line.includes('shared-execution-role'));
    expect(shared).toHaveLength(2);
    expect(plain.match(/etl-shared-role serves 2 functions\./g)).toHaveLength(1);
    expect(plain).toContain('same role finding as under etl-extract above');
    expect(plain).toContain('affects etl-extract, etl-load');
  });

  it('prints the remediation command and the detail of each finding', () => {
    expect(plain).toContain('      fix:\n        aws iam detach-role-policy --role-name ops-runbook-runner-role');
    expect(plain).toContain('AdministratorAccess allows * on *.');
  });

  it('lists findings tied to no audited function in their own section', () => {
    const section = lines.indexOf('Other findings (no audited function affected)');
    expect(section).toBeGreaterThan(0);
    expect(lines[section + 1]).toMatch(/INFO +evaluation-incomplete/);
  });

  it('names functions without findings on one line', () => {
    expect(lines).toContain('No findings: thumbnail-generator');
  });

  it('ends with a summary line counting the findings shown', () => {
    expect(summaryOf(plain)).toBe(
      'Summary: 5 findings (2 critical, 0 high, 1 medium, 1 low, 1 info) in 4 of 5 functions; 1 worst-case function.',
    );
  });

  it('counts from the findings it is given, so a filtered result agrees with itself', () => {
    const result = loadSmallAuditResult();
    result.findings = result.findings.filter((f) => f.severity === 'critical');
    expect(summaryOf(renderTable(result, { color: false }))).toBe('Summary: 2 findings (2 critical, 0 high, 0 medium, 0 low, 0 info) in 1 of 5 functions; 1 worst-case function.');
  });

  it.each([
    [false, false],
    [true, true],
  ])('uses ANSI colours only when color=%s', (color, expected) => {
    expect(ANSI.test(renderTable(loadSmallAuditResult(), { color }))).toBe(expected);
  });

  it('keeps the worst-case block even when all its findings were filtered out', () => {
    const result = loadSmallAuditResult();
    result.findings = result.findings.filter((f) => f.severity === 'low');
    const text = renderTable(result, { color: false });
    expect(text).toContain('[WORST CASE] ops-runbook-runner');
    expect(text).toContain('No findings: invoice-pdf-renderer, thumbnail-generator');
  });

  it.each([60, 80, 100, 120])('fits %i columns, with a legend and the sort order once', (width) => {
    const text = renderTable(loadSmallAuditResult(), { color: false, width });
    // Only a single word that no line can hold (an ARN at 60 columns) may run past the width.
    for (const line of text.split('\n').filter((l) => l.length > width)) expect(line.trim(), line).not.toContain(' ');
    expect(text.match(/^Legend$/gm)).toHaveLength(1);
    expect(text).toMatch(/^Order: worst case first/m);
  });

  it('renders an account without findings', () => {
    const result = loadSmallAuditResult();
    result.findings = [];
    result.functions = result.functions.map((f) => ({ ...f, worstCase: false, exposure: 'private' as const }));
    const text = renderTable(result, { color: false });
    expect(text.replace(/\n +/g, ' ')).toContain('No findings: ops-runbook-runner, invoice-pdf-renderer, etl-extract, etl-load, thumbnail-generator');
    expect(summaryOf(text)).toBe(
      'Summary: 0 findings (0 critical, 0 high, 0 medium, 0 low, 0 info) in 0 of 5 functions; 0 worst-case functions.',
    );
  });
});
