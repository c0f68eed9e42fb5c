import { classifyAwsError } from './classifyAwsError.ts';
import type { RateLimiter } from './RateLimiter.ts';

type Middleware = (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>;
interface CommandWithStack {
  middlewareStack: { add(middleware: Middleware, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void };
}
type Send = (command: CommandWithStack, ...rest: unknown[]) => Promise<unknown>;

/**
 * Counts one reader's AWS calls by API name and puts Lambda's through its rate limiter.
 *
 * Counting happens in two places, so both numbers are real:
 * - calls: at `send`, one per logical request (a paginator page is one). This is also where tests
 *   and the bench see calls, because aws-sdk-client-mock replaces `send` and skips the middleware.
 * - attempts: in a per-command middleware inside the SDK's retry loop, one per HTTP request sent,
 *   retries included (equal to calls unless something was retried; empty under aws-sdk-client-mock).
 * The limiter is awaited before the first attempt and again before every retry: AWS's quota
 * counts requests, not logical calls. Each attempt's answer is also counted and told to the limiter:
 * throttled (it slows down) or accepted (it recovers).
 *
 * Clients are shared by every reader in the container, so the ledger works on a per-reader view
 * (`Object.create(client)`, which paginators still accept as an instance of the client's class)
 * and per-command middleware, never on the shared client itself.
 */
export class CallLedger {
  readonly #calls: Record<string, number> = {};
  readonly #attempts: Record<string, number> = {};
  readonly #throttles: Record<string, number> = {};

  /** Logical calls per API name, e.g. `{ GetPolicy: 12, ListFunctions: 1 }`. */
  calls(): Record<string, number> {
    return { ...this.#calls };
  }

  /** HTTP attempts per API name (retries included). */
  attempts(): Record<string, number> {
    return { ...this.#attempts };
  }

  /** Attempts AWS answered with throttling, per API name. */
  throttles(): Record<string, number> {
    return { ...this.#throttles };
  }

  /** Throttled attempts in all (the progress line's count). */
  throttled(): number {
    return Object.values(this.#throttles).reduce((total, n) => total + n, 0);
  }

  /** `client`, but each `send` is counted as `api` and waits for `limiter` when one is given. */
  route<C extends object>(client: C, api: string, limiter?: RateLimiter): C {
    const send = (client as unknown as { send: Send }).send;
    const view = Object.create(client) as C;
    const routedSend: Send = async (command, ...rest) => {
      this.#calls[api] = (this.#calls[api] ?? 0) + 1;
      let attempt = 0;
      command.middlewareStack.add(
        (next) => async (args) => {
          attempt += 1;
          this.#attempts[api] = (this.#attempts[api] ?? 0) + 1;
          if (attempt > 1 && limiter !== undefined) await limiter.acquire();
          try {
            const result = await next(args);
            limiter?.accepted();
            return result;
          } catch (error) {
            if (classifyAwsError(error) === 'throttled') {
              this.#throttles[api] = (this.#throttles[api] ?? 0) + 1;
              limiter?.throttled();
            }
            throw error;
          }
        },
        // Low priority in finalizeRequest runs inside the retry middleware: once per attempt.
        { step: 'finalizeRequest', priority: 'low', name: 'keycardCallLedger' },
      );
      if (limiter !== undefined) await limiter.acquire();
      return send.call(client, command, ...rest);
    };
    Object.defineProperty(view, 'send', { value: routedSend });
    return view;
  }
}
