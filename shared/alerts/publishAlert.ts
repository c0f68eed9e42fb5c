/**
 * Sends one rendered alert or digest to the SNS topic with `MessageStructure: 'json'` (email gets
 * the text, machine protocols the JSON) and the filterable message attributes. Failures throw
 * AlertPublishError after the SDK's own retries: the handler must let it propagate.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import { AlertPublishError } from './errors.ts';
import type { RenderedAlert } from './RenderedAlert.ts';
import { snsMessage } from './snsMessage.ts';

export async function publishAlert(sns: SNSClient, topicArn: string, rendered: RenderedAlert): Promise<{ messageId: string }> {
  try {
    const res = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: rendered.subject,
        MessageStructure: 'json',
        Message: snsMessage(rendered),
        MessageAttributes: rendered.messageAttributes,
      }),
    );
    return { messageId: res.MessageId ?? '' };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'UnknownError';
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    throw new AlertPublishError(
      `Publishing "${rendered.subject}" to ${topicArn} failed${attempts === undefined ? '' : ` after ${attempts} attempts`} (${name}). ` +
        'The invocation fails so the event is retried and, if it keeps failing, kept in the dead-letter queue.',
      { cause: error },
    );
  }
}
