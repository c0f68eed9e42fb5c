/**
 * The SNS `Message` for `MessageStructure: 'json'`: email gets the text, SMS the subject, and every
 * other protocol (sqs, lambda, http, https, email-json, firehose) falls back to `default`, the JSON.
 * Listing only these keys keeps one copy of the JSON in the message (SNS caps it at 256 KiB).
 */
import type { RenderedAlert } from './RenderedAlert.ts';

export const SNS_MAX_MESSAGE_BYTES = 262_144;

export function snsMessage(rendered: Pick<RenderedAlert, 'subject' | 'text' | 'json'>): string {
  return JSON.stringify({ default: rendered.json, email: rendered.text, sms: rendered.subject });
}

/** Bytes SNS counts against its limit: the message plus attribute names, types and values. */
export function snsMessageBytes(rendered: Pick<RenderedAlert, 'subject' | 'text' | 'json' | 'messageAttributes'>): number {
  let bytes = Buffer.byteLength(snsMessage(rendered), 'utf8');
  for (const [name, a] of Object.entries(rendered.messageAttributes)) {
    bytes += Buffer.byteLength(name + a.DataType + a.StringValue, 'utf8');
  }
  return bytes;
}
