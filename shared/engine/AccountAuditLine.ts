/** One account's line in an organization audit: its totals, or why it could not be read. */
import type { Severity } from '../checks/types.ts';

export interface AccountAuditLine {
  accountId: string;
  /** The account's name in Organizations, when it was listed there. */
  name?: string;
  /** `unreadable`: the hub could not assume its role or read it; `reason` says why. Never left out. */
  status: 'audited' | 'unreadable';
  reason?: string;
  functionsEvaluated: number;
  rolesEvaluated: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  worstCaseFunctions: number;
  /** Findings the mute list muted in this account. */
  muted?: number;
}
