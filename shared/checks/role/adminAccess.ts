/**
 * Shared by admin-access, privilege-escalation and wildcard-permissions: does the role hold
 * (nearly) all permissions? Decided by EVALUATING representative requests, never by policy names.
 */
import type { RoleFacts } from '../../facts/types.ts';
import type { StatementMatch } from '../../policy/index.ts';
import { isAllowedUnlessConditionalDeny } from '../../policy/index.ts';
import { evaluateRoleOnce, partitionOf } from './evaluateRole.ts';
import { candidateRegions } from './requestedRegions.ts';
import { matchKey } from './statementEvidence.ts';

export interface ProbeRequest {
  action: string;
  resource: string;
}

/**
 * The threshold: a role is admin when it may do every probed service, or all but at most this many
 * of them while it also has unrestricted IAM write (with which it can grant itself the rest, e.g.
 * `Allow NotAction ["s3:*"] Resource "*"`).
 */
export const MAX_EXCLUDED_SERVICES = 3;

/** IAM writes that hand out any permission, on synthetic names: all allowed = unrestricted IAM write. */
export function iamWriteProbes(partition: string, account: string): ProbeRequest[] {
  const role = `arn:${partition}:iam::${account}:role/keycard-probe-role`;
  return [
    { action: 'iam:CreateRole', resource: role },
    { action: 'iam:PutRolePolicy', resource: role },
    { action: 'iam:AttachRolePolicy', resource: role },
    { action: 'iam:CreatePolicy', resource: `arn:${partition}:iam::${account}:policy/keycard-probe-policy` },
    { action: 'iam:CreateUser', resource: `arn:${partition}:iam::${account}:user/keycard-probe-user` },
  ];
}

/**
 * Destructive or data-reading actions across many services, each on a synthetic resource that no
 * specific grant names (so only `*`-shaped grants match). IAM, Organizations and Account actions are
 * left out on purpose: PowerUserAccess excludes exactly those and is still "nearly anything".
 */
export function adminProbes(partition: string, region: string, account: string): ProbeRequest[] {
  const p = partition;
  const n = 'keycard-probe';
  return [
    { action: 'ec2:RunInstances', resource: `arn:${p}:ec2:${region}:${account}:instance/i-0${n}` },
    { action: 's3:DeleteBucket', resource: `arn:${p}:s3:::${n}-bucket` },
    { action: 's3:GetObject', resource: `arn:${p}:s3:::${n}-bucket/${n}-object` },
    { action: 'dynamodb:DeleteTable', resource: `arn:${p}:dynamodb:${region}:${account}:table/${n}-table` },
    { action: 'kms:ScheduleKeyDeletion', resource: `arn:${p}:kms:${region}:${account}:key/${n}-key` },
    { action: 'lambda:CreateFunction', resource: `arn:${p}:lambda:${region}:${account}:function:${n}-function` },
    { action: 'rds:DeleteDBInstance', resource: `arn:${p}:rds:${region}:${account}:db:${n}-db` },
    { action: 'secretsmanager:GetSecretValue', resource: `arn:${p}:secretsmanager:${region}:${account}:secret:${n}-AbCdEf` },
    { action: 'sts:AssumeRole', resource: `arn:${p}:iam::${account}:role/${n}-role` },
    { action: 'sqs:DeleteQueue', resource: `arn:${p}:sqs:${region}:${account}:${n}-queue` },
    { action: 'sns:Publish', resource: `arn:${p}:sns:${region}:${account}:${n}-topic` },
    { action: 'ssm:GetParameter', resource: `arn:${p}:ssm:${region}:${account}:parameter/${n}` },
    { action: 'cloudformation:CreateStack', resource: `arn:${p}:cloudformation:${region}:${account}:stack/${n}/0` },
    { action: 'logs:DeleteLogGroup', resource: `arn:${p}:logs:${region}:${account}:log-group:${n}` },
  ];
}

export interface AdminGrantStatement {
  match: StatementMatch;
  /** Probed actions this statement allows (unconditionally). */
  actions: string[];
}

export interface AdminAccess {
  probes: readonly ProbeRequest[];
  /** Probed services (prefixes) the role may not use: empty, or at most MAX_EXCLUDED_SERVICES with IAM write. */
  excludedServices: string[];
  /** True when every IAM write probe is allowed (checked only when a service is excluded). */
  iamWrite: boolean;
  /** The region the probes were allowed in (aws:RequestedRegion): the home region, or one a policy names. */
  region: string;
  /** Identity statements that allow the probes, most covering first. */
  grantedBy: AdminGrantStatement[];
  /** Boundary statements that let the probes through, when the role has a boundary. */
  boundaryAllowedBy: StatementMatch[];
}

const cache = new WeakMap<RoleFacts, { key: string; value: AdminAccess | undefined }>();

/**
 * The role has admin access when every probe is allowed by identity policies and boundary without
 * conditions and no unconditional Deny removes it, or all but MAX_EXCLUDED_SERVICES services are and
 * every IAM write probe is too. A conditional Allow is never a grant; a conditional Deny is never a
 * safeguard (so it does not clear the role).
 */
export function findAdminAccess(role: RoleFacts, region: string): AdminAccess | undefined {
  const key = region;
  const hit = cache.get(role);
  if (hit && hit.key === key) return hit.value;
  const value = computeAdminAccess(role, region);
  cache.set(role, { key, value });
  return value;
}

function computeAdminAccess(role: RoleFacts, home: string): AdminAccess | undefined {
  // The caller picks the regional endpoint: an Allow "*" fenced to any one region is admin there.
  for (const region of candidateRegions(role, home)) {
    const found = adminAccessIn(role, region);
    if (found) return found;
  }
  return undefined;
}

// The probes name only the partition, region and account, which every role of an audit shares: build
// each list once (frozen, as AdminAccess hands it out), not for every role.
const probeLists = new Map<string, readonly ProbeRequest[]>();
function cachedProbes(kind: 'admin' | 'iam-write', partition: string, region: string, account: string): readonly ProbeRequest[] {
  const key = `${kind}|${partition}|${region}|${account}`;
  let probes = probeLists.get(key);
  if (probes === undefined) {
    // Bounded: a process audits a handful of accounts and regions.
    if (probeLists.size >= 64) probeLists.clear();
    const built = kind === 'admin' ? adminProbes(partition, region, account) : iamWriteProbes(partition, account);
    probes = Object.freeze(built.map((p) => Object.freeze(p)));
    probeLists.set(key, probes);
  }
  return probes;
}

function adminAccessIn(role: RoleFacts, region: string): AdminAccess | undefined {
  const partition = partitionOf(role.arn);
  const probes = cachedProbes('admin', partition, region, role.accountId);
  const grants = new Map<string, AdminGrantStatement>();
  const boundary = new Map<string, StatementMatch>();
  // The function's region is known (an Allow fenced to it still grants everything there). The probes
  // carry no tags, so aws:TagKeys is known absent: `ForAllValues:... aws:TagKeys` (true when the key
  // is absent, IAM's documented trap) must not hide an Allow "*". Nothing else is known.
  const context = { 'aws:RequestedRegion': region, 'aws:TagKeys': [] };
  const allowed = (probe: ProbeRequest): boolean => {
    // Asked once per role and region (findAdminAccess remembers the outcome): the answer is not kept.
    const r = evaluateRoleOnce(role, { ...probe, context });
    if (!isAllowedUnlessConditionalDeny(r)) return false;
    for (const m of r.identity.allowedBy) {
      if (!m.unconditional) continue;
      const k = matchKey(m);
      const g = grants.get(k) ?? { match: m, actions: [] };
      g.actions.push(probe.action);
      grants.set(k, g);
    }
    for (const m of r.boundary?.allowedBy ?? []) if (m.unconditional) boundary.set(matchKey(m), m);
    return true;
  };
  const excluded = new Set<string>();
  let iamWrite: boolean | undefined;
  for (const probe of probes) {
    if (allowed(probe)) continue;
    excluded.add(probe.action.split(':')[0]!);
    if (excluded.size > MAX_EXCLUDED_SERVICES) return undefined;
    // Asked once, at the first gap: most roles stop here, at one more probe.
    iamWrite ??= cachedProbes('iam-write', partition, region, role.accountId).every(allowed);
    if (!iamWrite) return undefined;
  }
  return {
    probes,
    excludedServices: [...excluded],
    iamWrite: iamWrite ?? false,
    region,
    grantedBy: [...grants.values()].sort((a, b) => b.actions.length - a.actions.length),
    boundaryAllowedBy: [...boundary.values()],
  };
}
