import type { Finding, Severity } from '../checks/types.ts';
import type { FunctionFacts, RoleFacts } from '../facts/types.ts';
import type { Exposure, FunctionRisk, RolePower } from './AuditResult.ts';
import { severityRank } from './severityRank.ts';

/** What a check's findings say about a function's exposure or its role's power. */
const EXPOSURE_OF_CHECK: Readonly<Record<string, Exposure>> = {
  'public-invoke': 'public',
  'public-function-url': 'public',
  'cross-account-invoke': 'cross-account',
};
const POWER_OF_CHECK: Readonly<Record<string, RolePower>> = {
  'admin-access': 'admin',
  'privilege-escalation': 'privilege-escalation',
};

/** Unread ranks just above the safe value: never safe, never as bad as a known grant. */
const EXPOSURE_RANK: Record<Exposure, number> = { private: 0, unknown: 1, 'cross-account': 2, public: 3 };
const ROLE_POWER_RANK: Record<RolePower, number> = { ordinary: 0, unknown: 1, 'privilege-escalation': 2, admin: 3 };

/**
 * Score weights. Worst-case alone outweighs everything else put together, so every worst-case
 * function ranks above all others; then exposure, role power, worst severity, finding count.
 */
const WORST_CASE = 1_000_000;
const EXPOSURE_WEIGHT = 100_000; // at most 3 * 100_000
const POWER_WEIGHT = 10_000; // at most 3 * 10_000
const SEVERITY_WEIGHT = 1_000; // at most 5 * 1_000
const MAX_COUNT = 999;

interface Tally {
  exposure: Exposure;
  rolePower: RolePower;
  /** Rank of the worst severity seen; SEVERITY_NONE when none. */
  severity: number;
  count: number;
}
const SEVERITY_NONE = 99;

function tallyOf(byFunction: Map<string, Tally>, arn: string): Tally {
  let t = byFunction.get(arn);
  if (t === undefined) {
    t = { exposure: 'private', rolePower: 'ordinary', severity: SEVERITY_NONE, count: 0 };
    byFunction.set(arn, t);
  }
  return t;
}

const SEVERITY_BY_RANK: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The sort key of one function: higher is worse. */
export function riskScoreOf(exposure: Exposure, rolePower: RolePower, worstSeverity: Severity | undefined, findingCount: number): number {
  const worstCase = isWorstCase(exposure, rolePower);
  const severity = worstSeverity === undefined ? 0 : 5 - severityRank(worstSeverity);
  return (
    (worstCase ? WORST_CASE : 0) +
    EXPOSURE_RANK[exposure] * EXPOSURE_WEIGHT +
    ROLE_POWER_RANK[rolePower] * POWER_WEIGHT +
    severity * SEVERITY_WEIGHT +
    Math.min(findingCount, MAX_COUNT)
  );
}

/** Known reachable by others and known admin or escalating. */
function isWorstCase(exposure: Exposure, rolePower: RolePower): boolean {
  return (exposure === 'public' || exposure === 'cross-account') && (rolePower === 'admin' || rolePower === 'privilege-escalation');
}

/** A read of the lock failed (not the role: a missing execution role is the keycard's gap). */
function lockUnread(fn: FunctionFacts): boolean {
  return fn.incomplete.some((gap) => gap.cause !== undefined && gap.concerns !== 'execution-role');
}

/** A read of the role, or of a policy it uses, failed. */
function keycardUnread(fn: FunctionFacts, role: RoleFacts | undefined): boolean {
  return fn.incomplete.some((gap) => gap.cause !== undefined && gap.concerns === 'execution-role') || (role?.incomplete.some((gap) => gap.cause !== undefined) ?? false);
}

/**
 * Both doors rolled into one risk per function, sorted by riskScore descending (ties: ARN).
 * Exposure comes from lock findings on the function; role power from admin-access /
 * privilege-escalation findings, matched by their resourceArn (the role) and the functions they list.
 * A door whose read failed and shows nothing worse is `unknown`, never `private` / `ordinary`.
 */
export function rollUpRisk(
  functions: readonly FunctionFacts[],
  findings: readonly Finding[],
  roleOf: (fn: FunctionFacts) => RoleFacts | undefined = () => undefined,
): FunctionRisk[] {
  const byFunction = new Map<string, Tally>();
  const powerByRole = new Map<string, RolePower>();

  for (const finding of findings) {
    const exposure = EXPOSURE_OF_CHECK[finding.checkId];
    const power = POWER_OF_CHECK[finding.checkId];
    const rank = severityRank(finding.severity);
    if (power !== undefined) {
      const key = finding.resourceArn.toLowerCase();
      const known = powerByRole.get(key);
      if (known === undefined || ROLE_POWER_RANK[power] > ROLE_POWER_RANK[known]) powerByRole.set(key, power);
    }
    for (const arn of finding.functionArns) {
      const t = tallyOf(byFunction, arn);
      t.count += 1;
      if (rank < t.severity) t.severity = rank;
      if (exposure !== undefined && EXPOSURE_RANK[exposure] > EXPOSURE_RANK[t.exposure]) t.exposure = exposure;
      if (power !== undefined && ROLE_POWER_RANK[power] > ROLE_POWER_RANK[t.rolePower]) t.rolePower = power;
    }
  }

  const risks: FunctionRisk[] = [];
  for (const fn of functions) {
    const t = byFunction.get(fn.arn);
    let exposure = t?.exposure ?? 'private';
    if (exposure === 'private' && lockUnread(fn)) exposure = 'unknown';
    let rolePower = t?.rolePower ?? 'ordinary';
    const viaRole = powerByRole.get(fn.roleArn.toLowerCase());
    if (viaRole !== undefined && ROLE_POWER_RANK[viaRole] > ROLE_POWER_RANK[rolePower]) rolePower = viaRole;
    if (rolePower === 'ordinary' && keycardUnread(fn, roleOf(fn))) rolePower = 'unknown';
    const worstSeverity = t === undefined ? undefined : SEVERITY_BY_RANK[t.severity];
    const risk: FunctionRisk = {
      functionArn: fn.arn,
      functionName: fn.name,
      roleArn: fn.roleArn,
      exposure,
      rolePower,
      worstCase: isWorstCase(exposure, rolePower),
      riskScore: riskScoreOf(exposure, rolePower, worstSeverity, t?.count ?? 0),
    };
    if (worstSeverity !== undefined) risk.worstSeverity = worstSeverity;
    risks.push(risk);
  }
  return risks.sort((a, b) => b.riskScore - a.riskScore || (a.functionArn < b.functionArn ? -1 : a.functionArn > b.functionArn ? 1 : 0));
}
