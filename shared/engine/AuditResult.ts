/** The result of evaluating an account: what every report format (table, json, sarif, alerts) renders. */
import type { Finding, Severity } from '../checks/types.ts';
import type { MutedFinding } from './MuteList.ts';

/**
 * Who can reach a function through its lock (resource policy / URL). `unknown`: a read of the lock
 * failed, so it may be anything; it ranks above `private`, never as safe.
 */
export type Exposure = 'public' | 'cross-account' | 'unknown' | 'private';
/** What the keycard (execution role) lets the function do at worst. `unknown`: a read of the role failed. */
export type RolePower = 'admin' | 'privilege-escalation' | 'unknown' | 'ordinary';

/** Both doors rolled into one per-function risk. */
export interface FunctionRisk {
  functionArn: string;
  /** On a report across accounts (`--org`): the function's account. */
  accountId?: string;
  functionName: string;
  roleArn: string;
  exposure: Exposure;
  rolePower: RolePower;
  /** Reachable by others (public or cross-account) and the role is admin or can escalate (known, not `unknown`). */
  worstCase: boolean;
  /** Highest severity among the findings that affect this function (undefined: none). */
  worstSeverity?: Severity;
  /** Sort key: higher is worse. Worst-case functions always rank above all others. */
  riskScore: number;
  /** On an alias or published version: its name (`live`, `3`) and kind. */
  qualifier?: string;
  qualifierKind?: 'alias' | 'version';
  /** On an alias: the version it routes to by default. */
  version?: string;
  /**
   * On a function: its aliases and published versions, each with its own risk (worst first). The
   * function's own fields then roll up over itself and them: the widest exposure, the strongest role,
   * the worst severity; `worstCase` when one of them (or the function) is reachable by others and runs
   * with an admin or escalating role; `riskScore` the highest.
   */
  qualifiers?: FunctionRisk[];
}

export interface AuditSummary {
  accountId: string;
  region: string;
  functionsEvaluated: number;
  rolesEvaluated: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byCheck: Record<string, number>;
  worstCaseFunctions: number;
  /** Which aliases and versions were read (`--qualifiers`): `latest`, `aliases` or `all`. */
  qualifiers?: 'latest' | 'aliases' | 'all';
  /** Aliases and published versions judged as facts of their own (beside functionsEvaluated). */
  aliasesEvaluated?: number;
  versionsEvaluated?: number;
  /** A report across regions (`--regions`): counts per region; `region` then lists them, comma-separated. */
  regions?: Record<string, RegionSummary>;
  /** With a mute list: findings it muted (not in `findings`, nor in the counts above). */
  muted?: number;
  /**
   * A report across accounts (`--org`): one entry per account, worst first (worst-case functions,
   * then findings by severity); unreadable and skipped accounts are listed too, never left out.
   * `accountId` then lists the accounts, comma-separated.
   */
  accounts?: AccountSummary[];
}

/** Where one account of an organization report stands. */
export interface AccountSummary {
  accountId: string;
  /** The account's name in Organizations, when it was listed from there. */
  name?: string;
  /** `audited`; `unreadable` (its role could not be assumed, or an account-level read failed); `skipped` (not ACTIVE). */
  status: 'audited' | 'unreadable' | 'skipped';
  /** The account's state in Organizations (ACTIVE, SUSPENDED, ...), when listed from there. */
  state?: string;
  /** Why it is unreadable or skipped. */
  reason?: string;
  functionsEvaluated: number;
  /** Findings in the account, as reported (after --min-severity and mutes). */
  findings: number;
  bySeverity: Record<Severity, number>;
  worstCaseFunctions: number;
}

export interface RegionSummary {
  functionsEvaluated: number;
  /** Findings affecting a function in the region (a role finding counts in each region it reaches). */
  findings: number;
  worstCaseFunctions: number;
}

export interface AuditResult {
  /** Sorted: findings on worst-case functions first, then by severity, then check id, then ARN. */
  findings: Finding[];
  /** Sorted by riskScore, descending. */
  functions: FunctionRisk[];
  summary: AuditSummary;
  /** With a mute list, on request (`--show-muted`): the muted findings, each with the mute that accepted it. */
  muted?: MutedFinding[];
}
