/** Errors raised while planning or applying a remediation. */

export class RemediationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemediationError';
  }
}

/** planRemediation was called with a finding it does not fix, or facts that do not belong together. */
export class RemediationInputError extends RemediationError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemediationInputError';
  }
}

/**
 * IAM failed in a way a retry may fix (throttling, 5xx after the SDK's own retries). Thrown so the
 * handler fails and EventBridge / async retries (then the DLQ) keep the event.
 */
export class RemediationApplyError extends RemediationError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RemediationApplyError';
  }
}
