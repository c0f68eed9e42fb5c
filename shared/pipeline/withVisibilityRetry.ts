/**
 * IAM is eventually consistent: a role or policy read right after it was created may not be
 * visible yet. Retry a read that found nothing a few times, briefly, before believing it.
 */
export interface VisibilityRetryOptions {
  /** Waits between attempts; default 1 s, 2 s, 4 s (7 s in all, well inside a handler's timeout). */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_DELAYS = [1_000, 2_000, 4_000] as const;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withVisibilityRetry<T>(read: () => Promise<T | undefined>, options: VisibilityRetryOptions = {}): Promise<T | undefined> {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const sleep = options.sleep ?? realSleep;
  let result = await read();
  for (const delay of delays) {
    if (result !== undefined) return result;
    await sleep(delay);
    result = await read();
  }
  return result;
}
