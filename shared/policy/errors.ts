/** Base of every error the policy evaluator throws. */
export class PolicyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyError';
  }
}

/** A policy document that is not valid JSON or not shaped like an IAM policy. */
export class PolicyParseError extends PolicyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyParseError';
  }
}
