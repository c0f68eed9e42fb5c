/**
 * Service principals that invoke Lambda without an aws:SourceArn / aws:SourceAccount in the request
 * context, and are pinned another way. Flagging them for a missing SourceArn would be a false
 * positive: the pin they can carry is named here, and confused-deputy asks for that instead.
 *
 * - Alexa Skills Kit and Alexa Smart Home invoke with the skill's id as an event source token:
 *   `aws lambda add-permission --event-source-token <skill id>` writes
 *   `StringEquals lambda:EventSourceToken` (AddPermission's EventSourceToken parameter exists for them).
 *
 * Every other service principal is expected to send aws:SourceArn and/or aws:SourceAccount, as the
 * AddPermission documentation asks ("If you grant permission to a service principal without
 * specifying the source, other accounts could potentially configure resources in their account to
 * invoke your Lambda function"). Add a principal here only with a documented reason.
 */
export const TOKEN_PINNED_SERVICES: ReadonlyMap<string, { conditionKey: string; how: string }> = new Map([
  [
    'alexa-appkit.amazon.com',
    { conditionKey: 'lambda:eventsourcetoken', how: 'the Alexa skill id (aws lambda add-permission --event-source-token <skill id>)' },
  ],
  [
    'alexa-connectedhome.amazon.com',
    { conditionKey: 'lambda:eventsourcetoken', how: 'the Alexa Smart Home skill id (aws lambda add-permission --event-source-token <skill id>)' },
  ],
]);
