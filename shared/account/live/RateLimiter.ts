/**
 * Spaces Lambda control-plane calls evenly, and slows down when AWS says it is too many (AIMD:
 * additive increase, multiplicative decrease, as TCP does). Lambda's quotas (15 req/s for GetPolicy,
 * 15 req/s shared by ListFunctions, GetFunctionConfiguration and the rest) are per account and region
 * and shared with the user's own deployments, so Keycard starts below them (default 10/s) and:
 * - halves its rate on a throttling response (at most once per interval between calls, so one burst
 *   of rejections is one signal), down to `minRatePerSecond`;
 * - adds `increasePerSecond` req/s for every second of accepted calls, back up to `ratePerSecond`.
 * Even spacing (one call per 1000/rate ms) rather than bursts keeps every one-second window within
 * budget, wherever AWS's window starts. `Infinity` means no limit (tests and benchmarks that count
 * calls with mocked clients). Time comes from `clock` (Date.now and setTimeout by default), so tests
 * can run it on a simulated clock.
 */
export interface RateLimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface RateLimiterOptions {
  /** Lowest rate after repeated throttling (default 0.5 req/s). */
  minRatePerSecond?: number;
  /** Recovery speed: req/s regained per second of accepted calls (default 0.5). */
  increasePerSecond?: number;
  clock?: RateLimiterClock;
}

const systemClock: RateLimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  /** The ceiling: the configured budget, never exceeded. */
  readonly ratePerSecond: number;
  readonly #min: number;
  readonly #increase: number;
  readonly #clock: RateLimiterClock;
  #rate: number;
  /** Earliest time the next call may start. */
  #next = Number.NEGATIVE_INFINITY;
  #lastDecrease = Number.NEGATIVE_INFINITY;

  constructor(ratePerSecond: number, options: RateLimiterOptions = {}) {
    if (Number.isNaN(ratePerSecond) || ratePerSecond <= 0) {
      throw new RangeError(
        `Lambda API rate must be a positive number of requests per second, got ${ratePerSecond}; ` +
          'use e.g. 10 (the default) and stay below the 15 req/s Lambda quota.',
      );
    }
    this.ratePerSecond = ratePerSecond;
    this.#rate = ratePerSecond;
    this.#min = Math.min(options.minRatePerSecond ?? 0.5, ratePerSecond);
    this.#increase = options.increasePerSecond ?? 0.5;
    this.#clock = options.clock ?? systemClock;
  }

  /** The rate calls are spaced at now (req/s). */
  get currentRate(): number {
    return this.#rate;
  }

  /** Resolves when one more request may be sent. */
  async acquire(): Promise<void> {
    if (this.#rate === Number.POSITIVE_INFINITY) return;
    const now = this.#clock.now();
    const slot = Math.max(now, this.#next);
    this.#next = slot + 1000 / this.#rate;
    if (slot > now) await this.#clock.sleep(slot - now);
  }

  /** AWS throttled a request: slow down (once per spacing interval). */
  throttled(): void {
    if (this.#rate === Number.POSITIVE_INFINITY) return;
    const now = this.#clock.now();
    if (now - this.#lastDecrease < 1000 / this.#rate) return;
    this.#lastDecrease = now;
    this.#rate = Math.max(this.#min, this.#rate / 2);
  }

  /** AWS accepted a request: speed up a little, never past the configured rate. */
  accepted(): void {
    if (this.#rate >= this.ratePerSecond) return;
    // rate calls a second, each adding increase/rate: `increase` req/s per second.
    this.#rate = Math.min(this.ratePerSecond, this.#rate + this.#increase / this.#rate);
  }
}
