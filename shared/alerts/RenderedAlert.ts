/** What the renderers produce and the publishers send. No AWS SDK types: rendering stays SDK-free. */

/** The CloudTrail change that started an evaluation (from the EventBridge envelope's `detail`). */
export interface AlertTrigger {
  eventName: string;
  eventId: string;
  eventTime: string;
  /** CloudTrail `userIdentity.arn`. */
  actorArn: string;
  sourceIp?: string;
}

/** Shape of an SNS `MessageAttributeValue` with a string value (String, String.Array, Number). */
export interface StringMessageAttribute {
  DataType: 'String' | 'String.Array' | 'Number';
  StringValue: string;
}

export interface RenderedAlert {
  /** ASCII, no line breaks, under 100 characters (SNS email subject rules). */
  subject: string;
  /** Plain text for email, wrapped at 78 columns except URLs and CLI commands. */
  text: string;
  /** The same findings for machines (SQS, Lambda, HTTPS subscribers); see AlertJson. */
  json: string;
  /** `severity` (worst), `checkId` (String.Array of every check id), `kind`, `accountId`, `region`. */
  messageAttributes: Record<string, StringMessageAttribute>;
  /** Number of findings the alert covers (0 never happens: renderers refuse to render nothing). */
  findingCount: number;
}
