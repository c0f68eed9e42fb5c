/** What a targeted read for one CloudTrail event yields: facts to evaluate, or why there is nothing to. */
import type { AccountFacts } from '../facts/types.ts';
import type { AuditChunk } from './auditChunk.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';

export type TargetedRead =
  | {
      outcome: 'evaluate';
      facts: AccountFacts;
      calls?: Record<string, number>;
      /** How the functions were found (the role index or a listing), for the log. */
      found?: string;
      /** The regions of the functions evaluated (a role change across watched regions); absent: the event's. */
      regions?: string[];
      /** Set when the change is split across invocations: this part reports only its own findings. */
      part?: TargetedPart;
    }
  | { outcome: 'skip'; reason: string; found?: string; next?: RoleChangeProgress };

export interface TargetedPart {
  /** The part's functions and the roles it reports (auditChunk's rule). */
  chunk: AuditChunk;
  /** Unqualified ARNs of the part's functions. */
  functionArns: ReadonlySet<string>;
  /** Where the next invocation carries on; absent on the last part. */
  next?: RoleChangeProgress;
}
