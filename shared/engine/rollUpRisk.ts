import type { Finding, Severity } from '../checks/types.ts';
import type { FunctionFacts } from '../facts/types.ts';
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

const EXPOSURE_RANK: Record<Exposure, number> = { private: 0, 'cross-account': 1, public: 2 };
const ROLE_POWER_RANK: Record<RolePower, number> = { ordinary: 0, 'privilege-escalation': 1, admin: 2 };

/**
 * Score weights. Worst-case alone outweighs everything else put together, so every worst-case
 * function ranks above all others; then exposure, role power, worst severity, finding count.
 */
const WORST_CASE = 1_000_000;
const EXPOSURE_WEIGHT = 100_000; // at most 2 * 100_000
const POWER_WEIGHT = 10_000; // at most 2 * 10_000
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
  const worstCase = exposure !== 'private' && rolePower !== 'ordinary';
  const severity = worstSeverity === undefined ? 0 : 5 - severityRank(worstSeverity);
  return (
    (worstCase ? WORST_CASE : 0) +
    EXPOSURE_RANK[exposure] * EXPOSURE_WEIGHT +
    ROLE_POWER_RANK[rolePower] * POWER_WEIGHT +
    severity * SEVERITY_WEIGHT +
    Math.min(findingCount, MAX_COUNT)
  );
}

/**
 * Both doors rolled into one risk per function, sorted by riskScore descending (ties: ARN).
 * Exposure comes from lock findings on the function; role power from admin-access /
 * privilege-escalation findings, matched by their resourceArn (the role) and the functions they list.
 */
export function rollUpRisk(functions: readonly FunctionFacts[], findings: readonly Finding[]): FunctionRisk[] {
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
    const exposure = t?.exposure ?? 'private';
    let rolePower = t?.rolePower ?? 'ordinary';
    const viaRole = powerByRole.get(fn.roleArn.toLowerCase());
    if (viaRole !== undefined && ROLE_POWER_RANK[viaRole] > ROLE_POWER_RANK[rolePower]) rolePower = viaRole;
    const worstSeverity = t === undefined ? undefined : SEVERITY_BY_RANK[t.severity];
    const risk: FunctionRisk = {
      functionArn: fn.arn,
      functionName: fn.name,
      roleArn: fn.roleArn,
      exposure,
      rolePower,
      worstCase: exposure !== 'private' && rolePower !== 'ordinary',
      riskScore: riskScoreOf(exposure, rolePower, worstSeverity, t?.count ?? 0),
    };
    if (worstSeverity !== undefined) risk.worstSeverity = worstSeverity;
    risks.push(risk);
  }
  return risks.sort((a, b) => b.riskScore - a.riskScore || (a.functionArn < b.functionArn ? -1 : a.functionArn > b.functionArn ? 1 : 0));
}
