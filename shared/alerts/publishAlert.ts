/**
 * Sends one rendered alert or digest to the SNS topic. Two message structures, chosen by the stack's
 * `AlertMessageStructure` parameter:
 * - `text` (default): every subscriber gets the email text, with the `severity` and `checkId`
 *   message attributes, so SNS subscription filter policies work. Machines read the same findings
 *   as JSON from the EventBridge `Keycard Finding` events.
 * - `per-protocol`: `MessageStructure: 'json'`; email gets the text, every machine protocol the
 *   JSON rendering. SNS documents that message attributes are sent only with the String structure,
 *   so attribute-based filter policies should not be relied on with this choice.
 * Failures throw AlertPublishError after the SDK's own retries: the handler must let it propagate.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import { AlertPublishError } from './errors.ts';
import type { RenderedAlert } from './RenderedAlert.ts';
import { snsMessage } from './snsMessage.ts';

export type AlertMessageStructure = 'text' | 'per-protocol';

export async function publishAlert(
  sns: SNSClient,
  topicArn: string,
  rendered: RenderedAlert,
  structure: AlertMessageStructure = 'text',
): Promise<{ messageId: string }> {
  try {
    const body =
      structure === 'per-protocol' ? { MessageStructure: 'json', Message: snsMessage(rendered) } : { Message: rendered.text };
    const res = await sns.send(
      new PublishCommand({ TopicArn: topicArn, Subject: rendered.subject, ...body, MessageAttributes: rendered.messageAttributes }),
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
