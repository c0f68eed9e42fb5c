/**
 * One finding as plain text for an email: what, where (ARNs and console links), which door, why,
 * the exact fix, and what Keycard did about it.
 */
import type { Finding } from '../checks/types.ts';
import { checkById } from '../checks/registry.ts';
import { displaySafeFinding } from '../report/displaySafeResult.ts';
import { describeRemediation } from '../remediation/describeRemediation.ts';
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';
import { consoleUrl, nameOfArn } from './consoleUrl.ts';
import { wrapText } from './wrapText.ts';

export const TEXT_WIDTH = 78;
const RULE = '='.repeat(TEXT_WIDTH);
const LABEL = 12;

const DOORS: Record<Finding['door'], string> = {
  role: 'keycard - the execution role (what the function may do)',
  'resource-policy': 'lock - the resource policy / function URL (who may invoke it)',
};

export interface FindingTextOptions {
  /** Functions listed by name, ARN and link before "... and N more". */
  maxFunctions: number;
  evidence: boolean;
}

export function renderFindingText(
  given: Finding,
  position: { index: number; total: number },
  remediations: readonly RemediationOutcome[],
  options: FindingTextOptions,
): string[] {
  const f = displaySafeFinding(given); // names and details from the input never carry control characters into the email
  const lines: string[] = [RULE, `[${position.index}/${position.total}] ${f.severity.toUpperCase()}  ${f.checkId}`];
  lines.push(...wrapText(f.title, TEXT_WIDTH, ' '.repeat(`[${position.index}/${position.total}] `.length)), RULE);
  lines.push(field('Door:', DOORS[f.door]));
  const isRole = /:role\//.test(f.resourceArn);
  lines.push(...resourceLines(isRole ? 'Role:' : 'Function:', f.resourceArn));
  const others = f.functionArns.filter((a) => a !== f.resourceArn);
  if (others.length > 0 || (isRole && f.functionArns.length === 0)) {
    const n = f.functionArns.length;
    lines.push(field(isRole ? 'Functions:' : 'Also:', isRole ? `${n} function${n === 1 ? '' : 's'} run with this role` : `${others.length} more`));
    for (const arn of others.slice(0, options.maxFunctions)) lines.push(...resourceLines('', arn));
    if (others.length > options.maxFunctions) lines.push(field('', `... and ${others.length - options.maxFunctions} more (see the JSON rendering)`));
  }
  lines.push('', 'What was found', ...wrapText(f.detail, TEXT_WIDTH, '  '));
  if (options.evidence && f.evidence.length > 0) {
    lines.push('', 'Evidence');
    for (const e of f.evidence) {
      const where = [e.policyArn, e.statementSid !== undefined ? `statement "${e.statementSid}"` : e.statementIndex !== undefined ? `statement #${e.statementIndex}` : undefined]
        .filter((x) => x !== undefined)
        .join(', ');
      const text = `- ${e.source}${where === '' ? '' : ` (${where})`}: ${e.note}`;
      lines.push(...wrapText(text, TEXT_WIDTH, '  ').map((l, i) => (i === 0 ? l : `  ${l}`)));
    }
  }
  const rationale = checkById(f.checkId)?.metadata.rationale ?? f.detail;
  lines.push('', 'Why it matters', ...wrapText(rationale, TEXT_WIDTH, '  '));
  // The CLI command is one unwrapped line so it can be copied and pasted as is.
  lines.push('', 'How to fix', ...wrapText(f.remediation.text, TEXT_WIDTH, '  '), '', `  ${f.remediation.cli}`);
  const done = remediations.filter((r) => r.before.checkId === given.checkId && r.before.resourceArn === given.resourceArn);
  if (done.length > 0) {
    lines.push('', 'What Keycard did');
    for (const r of done) {
      for (const l of describeRemediation(r)) {
        if (l.startsWith('aws ')) lines.push(`    ${l}`);
        else lines.push(...wrapText(l, TEXT_WIDTH, '  ').map((x, i) => (i === 0 ? x : `  ${x}`)));
      }
    }
  }
  lines.push('');
  return lines;
}

function field(label: string, value: string): string {
  return `${label.padEnd(LABEL)}${value}`;
}

function resourceLines(label: string, arn: string): string[] {
  const url = consoleUrl(arn);
  return [field(label, nameOfArn(arn)), field('', arn), ...(url === undefined ? [] : [field('', url)])];
}
