/**
 * One message per evaluation with findings (never one per finding): subject naming the worst,
 * an email body, a JSON rendering and filterable attributes. Pure; refuses to render no findings,
 * because nothing must be sent then.
 */
import type { Finding } from '../checks/types.ts';
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';
import { alertMessageAttributes } from './alertMessageAttributes.ts';
import { nameOfArn } from './consoleUrl.ts';
import { ALERT_SCHEMA, remediationJson } from './AlertJson.ts';
import type { AlertJson } from './AlertJson.ts';
import { AlertRenderError } from './errors.ts';
import type { AlertTrigger, RenderedAlert } from './RenderedAlert.ts';
import { renderFindingText } from './renderFindingText.ts';
import type { FindingTextOptions } from './renderFindingText.ts';
import { renderSubject } from './renderSubject.ts';
import { SNS_MAX_MESSAGE_BYTES, snsMessageBytes } from './snsMessage.ts';
import { escapeControl } from '../report/escapeControl.ts';
import { wrapText } from './wrapText.ts';
import { worstFirst } from './worstFirst.ts';

export interface AlertInput {
  findings: Finding[];
  trigger?: AlertTrigger;
  remediations?: RemediationOutcome[];
  /** The region the alert names (a role change across regions: its functions' regions, comma-separated). */
  region: string;
  /**
   * The region finding events name for findings not about a function (a role, the account); a
   * function's finding names the function's own region. Default: `region`.
   */
  eventRegion?: string;
  accountId: string;
  /** The account's name in the organization (hub mode, organizations:DescribeAccount), when readable. */
  accountName?: string;
  /** The stack's EXEMPTION_TAG_KEY, named in the "mute" lines (default keycard:exempt). */
  exemptionTagKey?: string;
  /** Findings the stack's mute list muted in this evaluation: counted here, not alerted. */
  muted?: number;
  /** The stack's CheckDocsUrl: where each finding's "More:" link points (absolute). */
  checkDocsUrl?: string;
}

/** Room kept under SNS's limit for what SNS itself adds and for safety. */
const BUDGET = SNS_MAX_MESSAGE_BYTES - 8_192;
const FULL: FindingTextOptions = { maxFunctions: 10, evidence: true };
const COMPACT: FindingTextOptions = { maxFunctions: 3, evidence: false };

export function renderAlert(given: AlertInput): RenderedAlert {
  const input = { ...given, findings: withRemediatedFindings(given) };
  if (input.findings.length === 0) {
    throw new AlertRenderError('renderAlert: no findings to alert on; when an evaluation finds nothing, send nothing ({ sent: false }).');
  }
  const sorted = worstFirst(input.findings);
  let rendered = renderWith(input, sorted, FULL, 0);
  if (snsMessageBytes(rendered) <= BUDGET) return rendered;
  // Too big for one SNS message: drop evidence and long function lists, then the least severe findings.
  rendered = renderWith(input, sorted, COMPACT, 0);
  let shown = sorted.length;
  while (snsMessageBytes(rendered) > BUDGET && shown > 1) {
    // Scale by how far over budget we are (a little under, to converge in one or two renders).
    shown = Math.max(1, Math.min(shown - 1, Math.floor((shown * BUDGET * 0.95) / snsMessageBytes(rendered))));
    rendered = renderWith(input, sorted.slice(0, shown), COMPACT, sorted.length - shown);
  }
  return rendered;
}

/**
 * The findings plus the `before` of every remediation not among them: a remediation is always
 * reported, even when the alert is rendered from a re-evaluation that no longer sees its finding.
 */
export function withRemediatedFindings(input: Pick<AlertInput, 'findings' | 'remediations'>): Finding[] {
  const key = (f: Finding) => `${f.checkId}\n${f.resourceArn}`;
  const present = new Set(input.findings.map(key));
  const missing = (input.remediations ?? []).map((r) => r.before).filter((f) => !present.has(key(f)));
  return [...input.findings, ...missing];
}

function renderWith(input: AlertInput, shown: Finding[], options: FindingTextOptions, omitted: number): RenderedAlert {
  const all = worstFirst(input.findings);
  const worst = all[0]!;
  const remediations = input.remediations ?? [];
  const total = all.length;
  const lines: string[] = [];
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const fixed = remediations.filter((r) => r.applied);
  const first = fixed[0];
  if (first !== undefined) {
    // A remediated alert opens with what Keycard did: before -> action -> after.
    const after = first.after === undefined ? 'not re-checked yet' : first.after.resolved ? 'resolved' : 'not resolved yet';
    const change = first.plan.change;
    const action =
      change?.kind === 'attach-managed-policy'
        ? `attached ${change.policyArn.slice(change.policyArn.lastIndexOf('/') + 1)} to ${first.plan.roleName}`
        : `put inline policy ${change?.policyName ?? ''} on ${first.plan.roleName}`;
    lines.push(
      ...wrapText(
        `Keycard fixed ${first.before.checkId} on ${escapeControl(nameOfArn(first.before.resourceArn))}: ${first.before.title.toLowerCase()} -> ` +
          `${action} -> ${after}${fixed.length > 1 ? ` (+${fixed.length - 1} more fixed)` : ''}. ` +
          `Account ${accountLabel(input)} (${escapeControl(input.region)}), ${n(total, 'finding')}.`,
      ),
    );
  } else {
    lines.push(
      ...wrapText(
        `Keycard found ${n(total, 'problem')} in account ${accountLabel(input)} (${escapeControl(input.region)}). ` +
          `Worst: ${worst.severity.toUpperCase()} ${worst.checkId} - ${escapeControl(worst.title)}.`,
      ),
    );
  }
  if (input.trigger !== undefined) lines.push(...triggerLines(input.trigger));
  if ((input.muted ?? 0) > 0) lines.push(...wrapText(`${n(input.muted ?? 0, 'more finding')} muted by the mute list (MuteListParameter), not alerted.`));
  lines.push('');
  const textOptions = { ...options, ...(input.checkDocsUrl ? { checkDocsUrl: input.checkDocsUrl } : {}) };
  shown.forEach((f, i) => lines.push(...renderFindingText(f, { index: i + 1, total }, remediations, textOptions)));
  if (omitted > 0) {
    lines.push(
      ...wrapText(
        `${n(omitted, 'less severe finding')} did not fit in one message (SNS allows 256 KiB). ` +
          'Run `npm run keycard -- audit --live --format json` for the full list.',
      ),
      '',
    );
  }
  lines.push(...muteLines(input.exemptionTagKey ?? 'keycard:exempt', worst.checkId), '', '-'.repeat(78), ...footer());
  const json: AlertJson = {
    schema: ALERT_SCHEMA,
    kind: 'alert',
    accountId: input.accountId,
    ...(input.accountName === undefined ? {} : { accountName: input.accountName }),
    region: input.region,
    worstSeverity: worst.severity,
    trigger: input.trigger ?? null,
    findings: options.evidence ? shown : shown.map((f) => ({ ...f, evidence: [] })),
    remediations: remediations.map(remediationJson),
    ...(omitted > 0 ? { omittedFindings: omitted } : {}),
  };
  return {
    subject: renderSubject(worst, total - 1, fixedKeys(remediations).has(`${worst.checkId}\n${worst.resourceArn}`)),
    text: `${lines.join('\n').replace(/[ \t]+$/gm, '')}\n`,
    json: JSON.stringify(json),
    messageAttributes: alertMessageAttributes(input.findings, { kind: 'alert', accountId: input.accountId, region: input.region }),
    findingCount: total,
  };
}

/** Who changed what, one line (the full event is in the JSON). */
function triggerLines(trigger: AlertTrigger): string[] {
  // From the CloudTrail event: shown escaped, like every text from the input.
  const t = Object.fromEntries(Object.entries(trigger).map(([key, value]) => [key, escapeControl(String(value))])) as unknown as AlertTrigger;
  return wrapText(`Change: ${t.eventName} by ${t.actorArn} at ${t.eventTime}${t.sourceIp === undefined ? '' : ` from ${t.sourceIp}`} (event ${t.eventId}).`);
}

/**
 * How to stop hearing about it, honestly: the tag stops remediation, not alerts; a subscription
 * filter policy on checkId stops the alerts of one check for that subscriber.
 */
function muteLines(tagKey: string, checkId: string): string[] {
  return [
    ...wrapText(`Accepted risk? Tag the role ${tagKey}=<reason> and Keycard never changes it (it still reports it). To stop alerts of one check, set SUBSCRIPTION_ARN to your subscription and filter it:`),
    `    aws sns set-subscription-attributes --subscription-arn "$SUBSCRIPTION_ARN" --attribute-name FilterPolicy --attribute-value '{"checkId":[{"anything-but":["${checkId}"]}]}'`,
  ];
}

/** True to AlertMessageStructure: JSON goes to machine subscribers only with per-protocol. */
function footer(): string[] {
  return wrapText(
    'Sent by Keycard (lambda-keycard). For machines: EventBridge events with source "keycard" and detail-type ' +
      '"Keycard Finding"; with the stack parameter AlertMessageStructure=per-protocol, SQS, Lambda and HTTPS ' +
      'subscribers of this topic get JSON (with the default, text, every subscriber gets this text). Message ' +
      'attributes for filter policies: severity, checkId, kind, accountId, region.',
  );
}

/** checkId + resourceArn of every finding Keycard changed IAM for. */
function fixedKeys(remediations: readonly RemediationOutcome[]): Set<string> {
  return new Set(remediations.filter((r) => r.applied).map((r) => `${r.before.checkId}\n${r.before.resourceArn}`));
}

/** The account id, and its organization name in quotes when known (hub mode). */
function accountLabel(input: Pick<AlertInput, 'accountId' | 'accountName'>): string {
  const id = escapeControl(input.accountId);
  return input.accountName === undefined ? id : `${id} "${escapeControl(input.accountName)}"`;
}
