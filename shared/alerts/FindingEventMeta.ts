import type { AlertTrigger } from './RenderedAlert.ts';

export interface FindingEventMeta {
  accountId: string;
  region: string;
  trigger?: AlertTrigger;
  /** Default: `default`. */
  eventBusName?: string;
  /** Attempts per entry, counting the first (default 4). */
  maxAttempts?: number;
  /** Base delay in ms between attempts, doubled each time (default 200). */
  baseDelayMs?: number;
  /** Replaceable for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: Date;
}
