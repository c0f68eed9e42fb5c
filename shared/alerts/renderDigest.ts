/**
 * The audit's one message: counts by severity and check, the worst findings, and how to get the
 * full report, instead of hundreds of alerts. Pure; refuses an audit with no findings (send nothing).
 */
import { DEFAULT_QUALIFIER_MODE } from '../account/records.ts';
import { noManagementEventsTrailCheck } from '../checks/no-management-events-trail.ts';
import { SEVERITIES } from '../checks/types.ts';
import type { Finding } from '../checks/types.ts';
import type { AccountAuditLine } from '../engine/AccountAuditLine.ts';
import type { AuditResult } from '../engine/AuditResult.ts';
import type { Mute } from '../engine/MuteList.ts';
import { alertMessageAttributes } from './alertMessageAttributes.ts';
import { nameOfArn } from './consoleUrl.ts';
import { AlertRenderError } from './errors.ts';
import type { RenderedAlert } from './RenderedAlert.ts';
import { fitSubject } from './renderSubject.ts';
import { displaySafeFinding } from '../report/displaySafeResult.ts';
import { escapeControl } from '../report/escapeControl.ts';
import { wrapText } from './wrapText.ts';

export interface DigestOptions {
  /** Name of the deployed audit function, for the `aws lambda invoke` line. */
  auditFunctionName?: string;
  /** How many findings to list (default 10). */
  worst?: number;
  generatedAt?: Date;
  /** Mutes of the stack's mute list whose date has passed: named, since their findings are back. */
  expiredMutes?: Mute[];
  /** The region the audit function runs in (default: the summary's region), for the `aws lambda invoke` line. */
  auditRegion?: string;
  /**
   * An organization audit (the hub): every account's totals, worst first (worstAccountsFirst). The
   * digest then speaks for all of them, lists each, and is sent even without findings when an
   * account could not be read.
   */
  accounts?: AccountAuditLine[];
}

export const DIGEST_SCHEMA = 'keycard.digest/v1';

/** The check whose finding the digest also states at its top (the stack cannot hear changes). */
const TRAIL_CHECK_ID = noManagementEventsTrailCheck.metadata.id;

/** Which aliases and versions the audit read, and how many it judged. */
function qualifiersRead(summary: AuditResult['summary']): string {
  const aliases = summary.aliasesEvaluated ?? 0;
  const versions = summary.versionsEvaluated ?? 0;
  const judged = `${aliases} ${aliases === 1 ? 'alias' : 'aliases'} and ${versions} published ${versions === 1 ? 'version' : 'versions'} judged beside the functions`;
  switch (summary.qualifiers) {
    case 'latest':
      return 'Qualifiers: latest ($LATEST only): permissions on aliases and the roles of published versions were not judged.';
    case 'all':
      return `Qualifiers: all (every alias and every published version): ${judged}.`;
    default:
      return `Qualifiers: aliases (every alias and the versions aliases and event source mappings point at): ${judged}.`;
  }
}

export function renderDigest(result: AuditResult, options: DigestOptions = {}): RenderedAlert {
  const { summary, findings } = result;
  // The total comes from the summary: a chunked audit carries only its worst findings, not all.
  const total = summary.findings;
  const accounts = options.accounts;
  const unreadable = (accounts ?? []).filter((a) => a.status === 'unreadable');
  if (total === 0 && unreadable.length === 0) {
    throw new AlertRenderError('renderDigest: the audit found nothing; send nothing ({ sent: false }).');
  }
  const top = findings.slice(0, options.worst ?? 10);
  // The text shows input-derived names escaped; the JSON keeps them as read.
  const shownTop = top.map(displaySafeFinding);
  const where = { accountId: escapeControl(summary.accountId), region: escapeControl(summary.region) };
  const at = (options.generatedAt ?? new Date()).toISOString();
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const severities = SEVERITIES.filter((s) => summary.bySeverity[s] > 0);
  const checks = Object.entries(summary.byCheck)
    .filter(([, c]) => c > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));

  const regions = Object.keys(summary.regions ?? {}).map(escapeControl);
  const inWhere = regions.length > 1 ? `${regions.length} regions (${regions.join(', ')})` : where.region;
  const audited = accounts === undefined ? `account ${where.accountId}` : `${n(accounts.length, 'account')} of the organization (hub ${where.accountId})`;
  const lines: string[] = [
    ...wrapText(
      `Keycard audit of ${audited} in ${inWhere} at ${at}: ` +
        `${n(summary.functionsEvaluated, 'function')} and ${n(summary.rolesEvaluated, 'role')} evaluated, ` +
        `${n(total, 'finding')}.`,
    ),
    ...(summary.qualifiers === undefined ? [] : wrapText(qualifiersRead(summary))),
  ];
  if (unreadable.length > 0) {
    lines.push(...wrapText(`${n(unreadable.length, 'account')} could not be read: what is in them is unknown (listed first below, with the reason).`));
  }
  if ((summary.muted ?? 0) > 0) lines.push(...wrapText(`${n(summary.muted ?? 0, 'more finding')} muted by the mute list (MuteListParameter), not counted above.`));
  for (const m of options.expiredMutes ?? []) {
    lines.push(...wrapText(`Mute expired on ${escapeControl(m.expires)}, no longer muting: ${escapeControl(m.checkId)} on ${escapeControl(m.arn)}.`));
  }
  // The stack's own blind spot comes first: without a trail no change alert arrives between audits.
  const trailCount = summary.byCheck[TRAIL_CHECK_ID] ?? 0;
  if (trailCount > 0) lines.push('', ...wrapText(trailWarning(findings.filter((f) => f.checkId === TRAIL_CHECK_ID).map(displaySafeFinding), trailCount, accounts !== undefined)));
  if (summary.worstCaseFunctions > 0) {
    lines.push(
      '',
      ...wrapText(
        `${n(summary.worstCaseFunctions, 'function')} can be invoked by others (public or another account) ` +
          'AND run with an admin or privilege-escalating role: fix those first; they lead the list below.',
      ),
    );
  }
  if (accounts !== undefined) lines.push('', 'Accounts, worst first', ...accounts.flatMap(accountLine));
  lines.push('', 'By severity');
  for (const s of severities) lines.push(`  ${s.padEnd(10)}${String(summary.bySeverity[s]).padStart(6)}`);
  lines.push('', 'By check');
  const width = Math.max(...checks.map(([id]) => id.length), 10) + 2;
  for (const [id, count] of checks) lines.push(`  ${id.padEnd(width)}${String(count).padStart(6)}`);
  if (summary.regions !== undefined && regions.length > 1) {
    lines.push('', 'By region (functions, findings, worst case)');
    const regionWidth = Math.max(...regions.map((r) => r.length), 10) + 2;
    for (const [region, counts] of Object.entries(summary.regions)) {
      lines.push(
        `  ${escapeControl(region).padEnd(regionWidth)}${String(counts.functionsEvaluated).padStart(6)}${String(counts.findings).padStart(6)}${String(counts.worstCaseFunctions).padStart(6)}`,
      );
    }
  }
  lines.push('', `Worst findings (${top.length} of ${total})`);
  shownTop.forEach((f, i) => {
    const isRole = /:role\//.test(f.resourceArn);
    const account = /^arn:[^:]+:iam::\d+:root$/.test(f.resourceArn) ? f.resourceArn.split(':')[4] : undefined;
    const where =
      account !== undefined
        ? `account ${account}`
        : `${isRole ? 'role' : 'function'} ${nameOfArn(f.resourceArn)}${isRole ? ` (${n(f.functionArns.length, 'function')})` : ''}`;
    // An organization digest names each finding's account: its fix command runs there.
    const inAccount = accounts === undefined || account !== undefined ? '' : ` in account ${f.resourceArn.split(':')[4] ?? ''}`;
    lines.push(`${String(i + 1).padStart(3)}. ${f.severity.toUpperCase()} ${f.checkId} on ${where}${inAccount}`);
    lines.push(...wrapText(f.title, 78, '     '));
    lines.push(`     ${f.resourceArn}`, `     Fix: ${f.remediation.cli}`);
  });
  const invoke = options.auditFunctionName ?? '<audit function name>';
  const home = escapeControl(options.auditRegion ?? summary.region);
  // The same reads as this audit: its regions, and its qualifiers when not the CLI's default.
  const cliRegions = regions.length > 1 ? ` --regions ${regions.join(',')}` : '';
  const cliQualifiers = summary.qualifiers === undefined || summary.qualifiers === DEFAULT_QUALIFIER_MODE ? '' : ` --qualifiers ${summary.qualifiers}`;
  // An organization digest: the CLI reads every account through its read role (--org), from the hub's credentials.
  const credentials =
    accounts === undefined ? `credentials for this account${regions.length > 1 ? '' : ', same region'}` : "credentials for this hub account, allowed to assume each account's read role";
  lines.push(
    '',
    'Full report',
    ...wrapText(`Every finding with its evidence, as JSON (${credentials}):`, 78, '  '),
    `  AWS_REGION=${home} keycard audit --live${accounts === undefined ? '' : ' --org'}${cliRegions}${cliQualifiers} --format json --output keycard-report.json`,
    ...wrapText('Run this audit again now (asynchronously; the result arrives as a new digest):', 78, '  '),
    `  aws lambda invoke --region ${home} --function-name ${escapeControl(invoke)} --invocation-type Event --cli-binary-format raw-in-base64-out --payload '{}' /dev/null`,
    '',
    '-'.repeat(78),
    ...wrapText('Sent by Keycard (lambda-keycard). One digest per audit; changes between audits are alerted as they happen.'),
  );
  const json = {
    schema: DIGEST_SCHEMA,
    kind: 'digest' as const,
    generatedAt: at,
    summary,
    worstFindings: top,
    worstFunctions: result.functions.filter((f) => f.worstCase),
    ...(accounts === undefined ? {} : { accounts }),
  };
  const counts = severities.slice(0, 2).map((s) => `${summary.bySeverity[s]} ${s}`).join(', ');
  return {
    subject: fitSubject(
      accounts === undefined ? `[Keycard] Audit ${summary.accountId} ` : `[Keycard] Audit ${n(accounts.length, 'account')} `,
      summary.region,
      `: ${n(total, 'finding')}${counts === '' ? '' : ` (${counts})`}${unreadable.length === 0 ? '' : `, ${unreadable.length} unreadable`}`,
    ),
    text: `${lines.join('\n').replace(/[ \t]+$/gm, '')}\n`,
    json: JSON.stringify(json),
    messageAttributes: alertMessageAttributes(top, {
      kind: 'digest',
      accountId: summary.accountId,
      region: summary.region,
      // Every check the body counts, not only those among the worst listed: a filter policy on any must match.
      counted: { checkIds: checks.map(([id]) => id), severity: severities[0] ?? 'info' },
    }),
    findingCount: total,
  };
}

/** Details told at the top before the rest are left to the report (one per uncovered region). */
const TRAIL_DETAILS_SHOWN = 3;

/**
 * The top line on trails: the watched regions whose change events may not reach the stack (one
 * finding each), named, with the first few findings' details; an organization digest names the account too.
 */
function trailWarning(trails: readonly Finding[], count: number, acrossAccounts: boolean): string {
  const after = `change alerts from there may not arrive, only audits are sure to run (${TRAIL_CHECK_ID}).`;
  if (count === 1 && trails.length === 1) return `WARNING: ${trails[0]!.title}; ${after} ${trails[0]!.detail}`;
  const where = (f: Finding) => escapeControl(`${acrossAccounts && f.accountId !== undefined ? `${f.accountId} ` : ''}${f.region ?? 'the stack region'}`);
  const named = [...new Set(trails.map(where))];
  const unnamed = count - trails.length;
  const list = named.length === 0 ? 'named in the full report' : `${named.join(', ')}${unnamed > 0 ? ` and ${unnamed} more, named in the full report` : ''}`;
  const details = trails.slice(0, TRAIL_DETAILS_SHOWN).map((f) => ` ${f.detail}`).join('');
  const regions = count === 1 ? '1 watched region has' : `${count} watched regions have`;
  return `WARNING: ${regions} no CloudTrail trail known to deliver management events (${list}); ${after}${details}`;
}

/** One account of an organization digest: its totals, or UNREADABLE and why. */
function accountLine(account: AccountAuditLine): string[] {
  const who = `${escapeControl(account.accountId)}${account.name === undefined ? '' : ` (${escapeControl(account.name)})`}`;
  if (account.status === 'unreadable') return wrapText(`${who}: UNREADABLE - ${escapeControl(account.reason ?? 'no reason given')}`, 78, '  ');
  const severities = SEVERITIES.filter((s) => account.bySeverity[s] > 0).map((s) => `${account.bySeverity[s]} ${s}`);
  const worst = account.worstCaseFunctions > 0 ? `, ${account.worstCaseFunctions} worst-case function${account.worstCaseFunctions === 1 ? '' : 's'}` : '';
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return wrapText(
    `${who}: ${plural(account.findings, 'finding')}${severities.length === 0 ? '' : ` (${severities.join(', ')})`}${worst}; ${plural(account.functionsEvaluated, 'function')}`,
    78,
    '  ',
  );
}
