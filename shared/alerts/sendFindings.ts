/**
 * What a handler calls after an evaluation: nothing when there are no findings; otherwise every
 * finding to EventBridge, then one SNS message. EventBridge goes first so that a failure there does
 * not leave an email already sent before the retry (a duplicate email is the more visible harm).
 * Any failure throws: the invocation fails, is retried, and is dead-lettered if it keeps failing.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { FindingEventMeta } from './FindingEventMeta.ts';
import { publishAlert } from './publishAlert.ts';
import type { AlertMessageStructure } from './publishAlert.ts';
import { publishFindingEvents } from './publishFindingEvents.ts';
import { renderAlert, withRemediatedFindings } from './renderAlert.ts';
import type { AlertInput } from './renderAlert.ts';

export type SendResult =
  | { sent: true; messageId: string; findings: number; events: number; remediations: number }
  | { sent: false; reason: string };

export interface SendTargets {
  sns: SNSClient;
  eventBridge: EventBridgeClient;
  topicArn: string;
  /** SNS message structure (see publishAlert); default `text`. */
  messageStructure?: AlertMessageStructure;
  /** Options for the EventBridge publisher (bus name, retry attempts). */
  events?: Omit<FindingEventMeta, 'accountId' | 'region' | 'trigger'>;
}

export async function sendFindings(targets: SendTargets, input: AlertInput): Promise<SendResult> {
  const findings = withRemediatedFindings(input);
  if (findings.length === 0) return { sent: false, reason: 'no findings' };
  const rendered = renderAlert(input);
  const events = await publishFindingEvents(targets.eventBridge, findings, {
    ...targets.events,
    accountId: input.accountId,
    region: input.eventRegion ?? input.region,
    ...(input.trigger === undefined ? {} : { trigger: input.trigger }),
  });
  const { messageId } = await publishAlert(targets.sns, targets.topicArn, rendered, targets.messageStructure);
  return { sent: true, messageId, findings: findings.length, events: events.published, remediations: input.remediations?.length ?? 0 };
}
