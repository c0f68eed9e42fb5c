/** Errors raised while rendering or publishing alerts. */

export class AlertError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlertError';
  }
}

/** Rendering was asked for something it must not produce (e.g. an alert with no findings). */
export class AlertRenderError extends AlertError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlertRenderError';
  }
}

/**
 * SNS Publish failed after the SDK's retries. Thrown on purpose: the handler fails, EventBridge (or
 * Lambda's async retries) try again, and the event lands in the dead-letter queue if it never works.
 */
export class AlertPublishError extends AlertError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlertPublishError';
  }
}

/** EventBridge PutEvents failed, or kept rejecting some entries after Keycard's retries. */
export class FindingEventsPublishError extends AlertError {
  /** Error codes of the entries that were never accepted, e.g. `ThrottlingException`. */
  readonly failedEntries: { checkId: string; resourceArn: string; errorCode: string; errorMessage: string }[];
  constructor(message: string, failedEntries: FindingEventsPublishError['failedEntries'], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FindingEventsPublishError';
    this.failedEntries = failedEntries;
  }
}
