/** The result of evaluating an account: what every report format (table, json, sarif, alerts) renders. */
import type { Finding, Severity } from '../checks/types.ts';

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
}

export interface AuditResult {
  /** Sorted: findings on worst-case functions first, then by severity, then check id, then ARN. */
  findings: Finding[];
  /** Sorted by riskScore, descending. */
  functions: FunctionRisk[];
  summary: AuditSummary;
}
