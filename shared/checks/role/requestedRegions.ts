/**
 * Regions a caller can pick to satisfy a role's `aws:RequestedRegion` conditions. The function's code
 * chooses which regional endpoint it calls, so an Allow fenced to `us-west-2` grants everything there
 * even when the function runs in `eu-west-1`: power checks try the home region first, then each
 * concrete region the role's policies (and boundary) name under a positive operator.
 */
import type { RoleFacts } from '../../facts/types.ts';
import { conditionKeysIn, parseConditionOperator, statementsOf } from '../../policy/index.ts';
import type { PolicyDocument } from '../../policy/index.ts';

const POSITIVE = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike']);
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

const cache = new WeakMap<RoleFacts, string[]>();
// A managed policy is shared by many roles: read each document's conditions once.
const byDocument = new WeakMap<PolicyDocument, Set<string>>();

function regionsNamedIn(doc: PolicyDocument): Set<string> {
  let found = byDocument.get(doc);
  if (found === undefined) {
    found = new Set<string>();
    for (const s of statementsOf(doc)) {
      if (s.Effect !== 'Allow') continue;
      for (const use of conditionKeysIn(s)) {
        if (use.key !== 'aws:requestedregion' || !POSITIVE.has(parseConditionOperator(use.operator).operator)) continue;
        for (const v of use.values) if (REGION.test(v.toLowerCase())) found.add(v.toLowerCase());
      }
    }
    byDocument.set(doc, found);
  }
  return found;
}

function namedRegions(role: RoleFacts): string[] {
  let hit = cache.get(role);
  if (hit === undefined) {
    const found = new Set<string>();
    for (const policy of [...role.policies, role.permissionsBoundary]) {
      if (policy === undefined) continue;
      for (const region of regionsNamedIn(policy.document)) found.add(region);
    }
    hit = [...found].sort();
    cache.set(role, hit);
  }
  return hit;
}

/** The home region first, then every other region the role's Allow conditions name. */
export function candidateRegions(role: RoleFacts, home: string): string[] {
  return [home, ...namedRegions(role).filter((r) => r !== home)];
}
