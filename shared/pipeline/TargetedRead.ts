/** What a targeted read for one CloudTrail event yields: facts to evaluate, or why there is nothing to. */
import type { AccountFacts } from '../facts/types.ts';

export type TargetedRead =
  | { outcome: 'evaluate'; facts: AccountFacts; calls?: Record<string, number> }
  | { outcome: 'skip'; reason: string };
