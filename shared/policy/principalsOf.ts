import type { PrincipalSet } from './PrincipalSet.ts';
import { toList } from './toList.ts';
import type { PolicyStatement } from './types.ts';

/**
 * The principals a statement's `Principal` names. `"*"` and `{"AWS": "*"}` set `wildcard` (and `*` is
 * not repeated in `aws`). `NotPrincipal` is not read here.
 */
export function principalsOf(statement: PolicyStatement): PrincipalSet {
  const set: PrincipalSet = { wildcard: false, aws: [], service: [], federated: [], canonicalUser: [] };
  const p = statement.Principal;
  if (p === undefined) return set;
  if (p === '*') return { ...set, wildcard: true };
  for (const a of toList(p.AWS)) {
    if (a === '*') set.wildcard = true;
    else set.aws.push(a);
  }
  set.service = [...toList(p.Service)];
  set.federated = [...toList(p.Federated)];
  set.canonicalUser = [...toList(p.CanonicalUser)];
  return set;
}
