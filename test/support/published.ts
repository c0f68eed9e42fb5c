/**
 * What the handlers sent, read back from the mocked SNS and EventBridge clients. Works with either
 * SNS message structure: plain text for every subscriber, or `MessageStructure: 'json'` (email text
 * plus a JSON rendering for machine protocols, then available as `json`).
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { AlertJson } from '../../shared/alerts/AlertJson.ts';
import type { Finding } from '../../shared/checks/types.ts';
import type { AwsMock } from './mockAwsAccount.ts';

export interface SentAlert {
  input: PublishCommandInput;
  subject: string;
  /** The text an email subscriber reads. */
  email: string;
  /** The `checkId` message attribute (String.Array), sorted. */
  checkIds: string[];
  severity: string | undefined;
  /** Only with MessageStructure json. */
  json?: AlertJson;
}

export function sentAlerts(aws: AwsMock): SentAlert[] {
  return (aws.stubs.sns?.commandCalls(PublishCommand) ?? []).map((call) => {
    const input = call.args[0].input as PublishCommandInput;
    const perProtocol = input.MessageStructure === 'json';
    const message = perProtocol ? (JSON.parse(input.Message ?? '{}') as { default: string; email: string }) : undefined;
    const checkIds = JSON.parse(input.MessageAttributes?.['checkId']?.StringValue ?? '[]') as string[];
    return {
      input,
      subject: input.Subject ?? '',
      email: message?.email ?? input.Message ?? '',
      checkIds,
      severity: input.MessageAttributes?.['severity']?.StringValue,
      ...(message === undefined ? {} : { json: JSON.parse(message.default) as AlertJson }),
    };
  });
}

/** Every `Keycard Finding` event put on the bus: the finding (the event's detail) and the entry. */
export function sentFindingEvents(aws: AwsMock): (Finding & { entry: PutEventsRequestEntry })[] {
  return aws.stubs.eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
    ((call.args[0].input as { Entries?: PutEventsRequestEntry[] }).Entries ?? []).map((entry) => ({ ...(JSON.parse(entry.Detail ?? '{}') as Finding), entry })),
  );
}
