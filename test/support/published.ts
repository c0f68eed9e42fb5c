/** What the handlers sent, read back from the mocked SNS and EventBridge clients. */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { AlertJson } from '../../shared/alerts/AlertJson.ts';
import type { AwsMock } from './mockAwsAccount.ts';

export interface SentAlert {
  input: PublishCommandInput;
  subject: string;
  email: string;
  json: AlertJson;
}

export function sentAlerts(aws: AwsMock): SentAlert[] {
  return (aws.stubs.sns?.commandCalls(PublishCommand) ?? []).map((call) => {
    const input = call.args[0].input as PublishCommandInput;
    const message = JSON.parse(input.Message ?? '{}') as { default: string; email: string };
    return { input, subject: input.Subject ?? '', email: message.email, json: JSON.parse(message.default) as AlertJson };
  });
}

export function sentFindingEvents(aws: AwsMock): { checkId: string; resourceArn: string; entry: PutEventsRequestEntry }[] {
  return aws.stubs.eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
    ((call.args[0].input as { Entries?: PutEventsRequestEntry[] }).Entries ?? []).map((entry) => {
      const detail = JSON.parse(entry.Detail ?? '{}') as { checkId?: string; finding?: { checkId?: string; resourceArn?: string }; resourceArn?: string };
      return { checkId: detail.checkId ?? detail.finding?.checkId ?? '', resourceArn: detail.resourceArn ?? detail.finding?.resourceArn ?? '', entry };
    }),
  );
}
