/**
 * Client settings for the publishers' SNS and EventBridge clients (created once per container by
 * the handlers: `new SNSClient(PUBLISHER_CLIENT_CONFIG)`). The SDK retries throttling and 5xx up to
 * `maxAttempts` with backoff; after that the error propagates and the event is retried by
 * EventBridge / Lambda, then dead-lettered. Nothing is dropped.
 */
export const PUBLISHER_CLIENT_CONFIG = { maxAttempts: 5, retryMode: 'standard' } as const;
