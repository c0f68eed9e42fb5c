/**
 * The SDK's retry loop (its retry middleware) with a time budget instead of a small attempt count:
 * throttling, transient and server errors are retried with capped exponential backoff and full
 * jitter (or the server's Retry-After) for as long as the next attempt would still start within
 * `budgetMs` of the first; client errors (AccessDenied, NotFound, validation) are never retried.
 * When the budget is spent the SDK rethrows the last error, which the reader reports as throttled
 * or failed. Rate is handled separately: the reader's RateLimiter slows down on throttling (AIMD),
 * so retries here wait for it too.
 *
 * Implements the SDK's RetryStrategyV2 shape (acquire, refresh, recordSuccess) without importing
 * @smithy internals: the client config accepts it structurally.
 */
type RetryErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';

export interface TimeBoundRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface TimeBoundRetryOptions {
  /** How long one call may keep retrying, from its first attempt (default 30 s). */
  budgetMs?: number;
  /** First backoff ceiling (default 200 ms), doubled per retry up to `maxDelayMs` (default 5 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  /** In [0, 1): the jitter source (tests pass a fixed one). */
  random?: () => number;
}

interface Token extends TimeBoundRetryToken {
  readonly startedAt: number;
}

export const DEFAULT_RETRY_BUDGET_MS = 30_000;

export class TimeBoundRetryStrategy {
  readonly mode = 'standard';
  readonly budgetMs: number;
  readonly #base: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(options: TimeBoundRetryOptions = {}) {
    this.budgetMs = options.budgetMs ?? DEFAULT_RETRY_BUDGET_MS;
    this.#base = options.baseDelayMs ?? 200;
    this.#max = options.maxDelayMs ?? 5_000;
    this.#now = options.now ?? (() => Date.now());
    this.#random = options.random ?? Math.random;
  }

  async acquireInitialRetryToken(_scope: string): Promise<TimeBoundRetryToken> {
    return token(0, 0, this.#now());
  }

  async refreshRetryTokenForRetry(previous: TimeBoundRetryToken, info: { errorType: RetryErrorType; retryAfterHint?: Date }): Promise<TimeBoundRetryToken> {
    const { startedAt } = previous as Token;
    const retries = previous.getRetryCount() + 1;
    if (info.errorType === 'CLIENT_ERROR') throw new Error('not retryable');
    const backoff = Math.round(this.#random() * Math.min(this.#max, this.#base * 2 ** (retries - 1)));
    const now = this.#now();
    const hinted = info.retryAfterHint === undefined ? 0 : info.retryAfterHint.getTime() - now;
    const delay = Math.max(backoff, Math.min(hinted, this.#max));
    if (now + delay - startedAt > this.budgetMs) throw new Error('retry time budget spent');
    return token(retries, delay, startedAt);
  }

  recordSuccess(_token: TimeBoundRetryToken): void {}
}

function token(retries: number, delay: number, startedAt: number): Token {
  return { startedAt, getRetryCount: () => retries, getRetryDelay: () => delay };
}
