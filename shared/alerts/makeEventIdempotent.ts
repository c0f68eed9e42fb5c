/**
 * Wraps a CloudTrail-event handler so that a repeated delivery of the same CloudTrail event (same
 * `detail.eventID`, even in a new EventBridge envelope) returns the first result instead of
 * evaluating, remediating and alerting again. Powertools idempotency with DynamoDB persistence:
 * a conditional PutItem claims the event id; when it already exists, the stored result is returned.
 * A handler that throws has its claim deleted, so EventBridge's retry runs it again (nothing lost).
 * Events without `detail.eventID` (e.g. a manual audit invocation) run without idempotency.
 *
 * Handlers that remediate wrap twice (see `step`): the evaluate-and-remediate step on its own, then
 * the whole handler. If publishing fails after a remediation, the retry gets the stored step result
 * (findings and what was changed) and alerts it, instead of re-evaluating a role that is now fixed
 * and reporting nothing.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';

/** JMESPath of the idempotency key in the EventBridge envelope: CloudTrail's own event id. */
export const IDEMPOTENCY_KEY_PATH = 'detail.eventID';
/** CloudTrail may redeliver for hours; EventBridge retries for up to 24 h. Keep claims for 48 h. */
export const IDEMPOTENCY_TTL_SECONDS = 48 * 3600;

export interface EventIdempotencyOptions {
  /** DynamoDB table: partition key `id` (String), TTL attribute `expiration`. */
  tableName: string;
  /** Bring the container's client (created once at module scope); one is created otherwise. */
  dynamoDBClient?: DynamoDBClient;
  expiresAfterSeconds?: number;
  /**
   * Names an inner step (e.g. `remediate`) so its records do not collide with the handler's own
   * for the same event id. Call the wrapped step with the Lambda context as second argument.
   */
  step?: string;
}

export function makeEventIdempotent<TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  options: EventIdempotencyOptions,
): (event: TEvent, context: Context) => Promise<TResult> {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    ...(options.dynamoDBClient === undefined ? {} : { awsSdkV3Client: options.dynamoDBClient }),
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: IDEMPOTENCY_KEY_PATH,
    throwOnNoIdempotencyKey: false,
    expiresAfterSeconds: options.expiresAfterSeconds ?? IDEMPOTENCY_TTL_SECONDS,
  });
  const keyPrefix = options.step === undefined ? undefined : `${process.env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'keycard'}.${options.step}`;
  return makeIdempotent(handler, { persistenceStore, config, ...(keyPrefix === undefined ? {} : { keyPrefix }) });
}
