/**
 * What the audit handler calls: nothing when the audit found nothing; otherwise every finding to
 * EventBridge (unless `events: false`) and one digest to SNS. Failures throw, as in sendFindings.
 */
import type { AuditResult } from '../engine/AuditResult.ts';
import { publishAlert } from './publishAlert.ts';
import { publishFindingEvents } from './publishFindingEvents.ts';
import { renderDigest } from './renderDigest.ts';
import type { DigestOptions } from './renderDigest.ts';
import type { SendResult, SendTargets } from './sendFindings.ts';

export async function sendDigest(
  targets: SendTargets,
  result: AuditResult,
  options: DigestOptions & { events?: boolean } = {},
): Promise<SendResult> {
  // An organization digest also goes out when an account could not be read: that must be heard.
  const unreadable = (options.accounts ?? []).some((account) => account.status === 'unreadable');
  if (result.summary.findings === 0 && !unreadable) return { sent: false, reason: 'no findings' };
  const rendered = renderDigest(result, options);
  let events = 0;
  if (options.events !== false) {
    const published = await publishFindingEvents(targets.eventBridge, result.findings, {
      ...targets.events,
      accountId: result.summary.accountId,
      region: result.summary.region,
    });
    events = published.published;
  }
  const { messageId } = await publishAlert(targets.sns, targets.topicArn, rendered, targets.messageStructure);
  return { sent: true, messageId, findings: result.summary.findings, events, remediations: 0 };
}
