import pThrottle from 'p-throttle';

/**
 * Spaces calls evenly at `ratePerSecond`. Lambda's control-plane quotas (15 req/s for GetPolicy, 15
 * req/s shared by ListFunctions, GetFunctionConfiguration and the rest) are per account and region
 * and shared with the user's own deployments, so Keycard keeps below them (default 10/s) instead of
 * bursting into throttling. Even spacing (one call per 1000/rate ms) rather than bursts of `rate`
 * keeps every one-second window within budget, wherever AWS's window starts.
 * `Infinity` means no limit (tests and benchmarks that count calls with mocked clients).
 */
export class RateLimiter {
  readonly ratePerSecond: number;
  readonly #acquire: () => Promise<void>;

  constructor(ratePerSecond: number) {
    if (Number.isNaN(ratePerSecond) || ratePerSecond <= 0) {
      throw new RangeError(
        `Lambda API rate must be a positive number of requests per second, got ${ratePerSecond}; ` +
          'use e.g. 10 (the default) and stay below the 15 req/s Lambda quota.',
      );
    }
    this.ratePerSecond = ratePerSecond;
    if (ratePerSecond === Number.POSITIVE_INFINITY) {
      this.#acquire = async () => undefined;
      return;
    }
    const throttle = pThrottle({ limit: 1, interval: 1000 / ratePerSecond, strict: true });
    this.#acquire = throttle(async () => undefined);
  }

  /** Resolves when one more request may be sent. */
  acquire(): Promise<void> {
    return this.#acquire();
  }
}
