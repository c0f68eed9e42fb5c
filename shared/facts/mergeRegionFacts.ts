import type { AccountFacts } from './types.ts';

/**
 * One account's facts read region by region (IAM read once, so every region holds the same roles)
 * as one: the functions of every region, the roles once, each region's account-level gaps named
 * with their region. `region` lists the regions, comma-separated, in the order given.
 */
export function mergeRegionFacts(regions: readonly AccountFacts[]): AccountFacts {
  const [first] = regions;
  if (first === undefined) throw new TypeError('mergeRegionFacts needs the facts of at least one region');
  if (regions.length === 1) return first;
  const roles = new Map(first.roles);
  for (const facts of regions.slice(1)) for (const [arn, role] of facts.roles) if (!roles.has(arn)) roles.set(arn, role);
  return {
    accountId: first.accountId,
    region: regions.map((facts) => facts.region).join(','),
    partition: first.partition,
    roles,
    functions: regions.flatMap((facts) => facts.functions),
    ...(first.qualifierMode !== undefined ? { qualifierMode: first.qualifierMode } : {}),
    incomplete: regions.flatMap((facts) => facts.incomplete.map((gap) => ({ ...gap, what: `${gap.what} in ${facts.region}` }))),
  };
}
