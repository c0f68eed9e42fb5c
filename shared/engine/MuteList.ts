/** The mute list: findings a user has accepted, by check id and resource ARN, until a date, for a reason. */
import type { Finding } from '../checks/types.ts';

export interface Mute {
  /** A check id exactly as reported (`admin-access`). */
  checkId: string;
  /** The finding's `resourceArn`, exactly (no wildcards: a mute accepts one thing someone looked at). */
  arn: string;
  /** `YYYY-MM-DD`: the mute stops muting at 00:00 UTC on this day. */
  expires: string;
  /** Why the finding is accepted (shown beside it with --show-muted, in the digest). */
  reason: string;
}

export interface MuteList {
  mutes: Mute[];
}

export interface MutedFinding {
  finding: Finding;
  mute: Mute;
}
