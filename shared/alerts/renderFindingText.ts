/**
 * One finding as a short plain-text block an on-call engineer can act on in ten seconds: what (check,
 * severity, title), where (name and console link), what was found (a few lines; the full text is in
 * the JSON and the EventBridge event), why in one sentence with the check's section in
 * docs/checks.md, the fix (or, when Keycard fixed it, before -> action -> after and the undo
 * command). CLI commands are never wrapped; a multi-line command keeps its indentation whole.
 */
import type { Finding } from '../checks/types.ts';
import { checkById } from '../checks/registry.ts';
import { displaySafeFinding } from '../report/displaySafeResult.ts';
import { describeRemediation } from '../remediation/describeRemediation.ts';
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';
import { checkDocsLink } from './checkDocsLink.ts';
import { consoleUrl, nameOfArn } from './consoleUrl.ts';
import { undoCommand } from './undoCommand.ts';
import { wrapText } from './wrapText.ts';

export const TEXT_WIDTH = 78;
const LABEL = '  ';
const CONTINUATION = '         ';
/** Lines of "Found" shown; the rest is in the JSON and the EventBridge event. */
const FOUND_LINES = 4;

const DOORS: Record<Finding['door'], string> = {
  role: 'keycard (execution role)',
  'resource-policy': 'lock (resource policy / URL)',
};

export interface FindingTextOptions {
  /** Functions named for a role finding before "+N more". */
  maxFunctions: number;
  /** Evidence kept in the JSON rendering (the email never repeats it: "Found" says the same). */
  evidence: boolean;
  /** Absolute URL of docs/checks.md (the stack's CheckDocsUrl); unset: the file in Keycard's source is named. */
  checkDocsUrl?: string;
}

export function renderFindingText(
  given: Finding,
  position: { index: number; total: number },
  remediations: readonly RemediationOutcome[],
  options: FindingTextOptions,
): string[] {
  const f = displaySafeFinding(given); // names and details from the input never carry control characters into the email
  const done = remediations.filter((r) => r.before.checkId === given.checkId && r.before.resourceArn === given.resourceArn);
  const fixed = done.some((r) => r.applied);
  const lines = wrapText(
    `[${position.index}/${position.total}] ${fixed ? 'FIXED ' : ''}${f.severity.toUpperCase()} ${f.checkId} - ${f.title}`,
    TEXT_WIDTH,
  );
  lines.push(...whereLines(f, options.maxFunctions));
  lines.push(...labelled('Found:', f.detail, FOUND_LINES));
  const rationale = checkById(f.checkId)?.metadata.rationale ?? f.detail;
  lines.push(...labelled('Why:', firstSentence(rationale)), `${CONTINUATION}More: ${checkDocsLink(f.checkId, options.checkDocsUrl)}`);
  if (done.length === 0) {
    lines.push(...labelled('Fix:', firstSentence(f.remediation.text)), ...command(f.remediation.cli));
  }
  for (const outcome of done) lines.push(...outcomeLines(outcome));
  lines.push('');
  return lines;
}

function whereLines(f: Finding, maxFunctions: number): string[] {
  const isRole = /:role\//.test(f.resourceArn);
  const name = nameOfArn(f.resourceArn);
  let where = `${isRole ? 'role' : 'function'} ${name}, ${DOORS[f.door]}`;
  if (isRole) {
    const names = f.functionArns.map(nameOfArn);
    const listed = names.slice(0, maxFunctions).join(', ');
    const more = names.length > maxFunctions ? ` +${names.length - maxFunctions} more` : '';
    where += names.length === 0 ? '; serves no function' : `; used by ${names.length} function${names.length === 1 ? '' : 's'}: ${listed}${more}`;
  }
  const url = consoleUrl(f.resourceArn);
  return [...labelled('Where:', where), ...(url === undefined ? [] : [`${CONTINUATION}${url}`])];
}

/** What Keycard did: applied changes as before -> action -> after with the undo command; others in a line or two. */
function outcomeLines(outcome: RemediationOutcome): string[] {
  const described = describeRemediation(outcome);
  const lines: string[] = [];
  for (let i = 0; i < described.length; i++) {
    const line = described[i]!;
    if (line === 'Equivalent CLI:') {
      i += 1; // the change is made: the undo command replaces it below
      continue;
    }
    if (line.startsWith('aws ')) lines.push(...command(line));
    else lines.push(...wrapText(line, TEXT_WIDTH, LABEL).map((l, j) => (j === 0 ? l : `  ${l}`)));
  }
  const undo = undoCommand(outcome);
  return undo === undefined ? lines : [...lines, `${LABEL}Undo:`, ...command(undo)];
}

/** A CLI command indented whole: every line keeps its own indentation under a four-space margin. */
function command(cli: string): string[] {
  return cli.split('\n').map((line) => `    ${line}`);
}

function labelled(label: string, text: string, maxLines = Number.POSITIVE_INFINITY): string[] {
  const wrapped = wrapText(text, TEXT_WIDTH - CONTINUATION.length);
  const shown = wrapped.length > maxLines ? [...wrapped.slice(0, maxLines - 1), `${wrapped[maxLines - 1]} ... (full text in the JSON)`] : wrapped;
  return shown.map((line, i) => (i === 0 ? `${LABEL}${label.padEnd(CONTINUATION.length - LABEL.length)}${line}` : `${CONTINUATION}${line}`));
}

/** The first sentence (up to the first ". " at the end of a word), the rest is in docs/checks.md. */
export function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s+[A-Z(`"']|$)/s.exec(text.trim());
  return (match?.[1] ?? text).replace(/\s+/g, ' ');
}
