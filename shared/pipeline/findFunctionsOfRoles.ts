/**
 * The functions a role change concerns, without listing the region when the role index can say.
 * Warm index: the indexed functions of the part being read, each read on its own
 * (GetFunctionConfiguration) and kept only if it still runs with one of the roles; entries proved
 * stale (the function is gone, or runs with another role) are removed. Cold index (no complete audit
 * vouches for it, a role overflowed, or the index could not be read) or no index: list the region,
 * and write what the listing found into the index so later parts of the same change can use it.
 */
import type { AccountReader } from '../account/AccountReader.ts';
import type { FunctionConfigurationRecord } from '../account/records.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';
import type { RoleFunctionEntry, RoleFunctionIndex } from './RoleFunctionIndex.ts';

export interface FoundFunctions {
  /** Functions of this part that run with one of the roles, in name order. */
  functions: FunctionConfigurationRecord[];
  /** Where the part's list came from, and why (logged). */
  source: 'index' | 'listing';
  reason: string;
  /** The last function name this part covered, when more remain for a next part. */
  moreAfter?: string;
  /** Whether a next part may read the index instead of listing. */
  trustIndex: boolean;
}

export interface FindFunctionsOptions {
  index?: RoleFunctionIndex;
  /** The region read (the stack's): entries of functions elsewhere are not this reader's to judge. */
  region: string;
  /** Functions per part (default: no limit). */
  chunkSize?: number;
  /** The progress of earlier parts (a continuation). */
  resume?: Pick<RoleChangeProgress, 'startAfter' | 'trustIndex'>;
}

export async function findFunctionsOfRoles(
  reader: AccountReader,
  roleArns: readonly string[],
  options: FindFunctionsOptions,
): Promise<FoundFunctions> {
  const roles = new Set(roleArns.map((arn) => arn.toLowerCase()));
  const chunkSize = options.chunkSize ?? Number.POSITIVE_INFINITY;
  const startAfter = options.resume?.startAfter;
  const { index } = options;

  let coldReason = 'no role index';
  if (index !== undefined) {
    const lookup = await index.lookup(roleArns, { trustWithoutAudit: options.resume?.trustIndex === true }).catch((error: unknown) => ({
      state: 'cold' as const,
      reason: `the role index could not be read (${error instanceof Error ? error.message : String(error)})`,
    }));
    if (lookup.state === 'warm') {
      const indexed = new Map<string, string[]>(); // function name -> roles it is indexed under
      for (const [role, arns] of lookup.functions) {
        for (const arn of arns) {
          const name = functionNameOf(arn, options.region);
          if (name !== undefined) indexed.set(name, [...(indexed.get(name) ?? []), role]);
        }
      }
      const pending = [...indexed.keys()].filter((name) => startAfter === undefined || name > startAfter).sort(byName);
      const part = pending.slice(0, chunkSize);
      const functions: FunctionConfigurationRecord[] = [];
      const stale: RoleFunctionEntry[] = [];
      for (const name of part) {
        // The index may be stale; the function's own configuration decides.
        const fn = await reader.getFunctionConfiguration(name);
        const runsWith = fn?.Role.toLowerCase();
        if (fn !== undefined && runsWith !== undefined && roles.has(runsWith)) functions.push(fn);
        for (const role of indexed.get(name) ?? []) {
          if (runsWith !== role) stale.push({ roleArn: role, functionArn: fn?.FunctionArn ?? arnIn(lookup.functions.get(role), name) });
        }
      }
      // Best effort: a stale entry left behind costs one read next time, never a missed function.
      if (stale.length > 0) await index.remove(stale).catch(() => undefined);
      return {
        functions,
        source: 'index',
        reason: `the role index (complete audit ${lookup.completedAt}) names ${indexed.size} function(s); ${part.length} read in this part, ${stale.length} stale entr${stale.length === 1 ? 'y' : 'ies'} removed`,
        ...(pending.length > part.length ? { moreAfter: part[part.length - 1]! } : {}),
        trustIndex: true,
      };
    }
    coldReason = lookup.reason;
  }

  // Cold: the listing decides, as before the index existed.
  const all = (await reader.listFunctions()).filter((fn) => roles.has(fn.Role.toLowerCase())).sort((a, b) => byName(a.FunctionName, b.FunctionName));
  let trustIndex = false;
  if (index !== undefined && all.length > 0) {
    // What the listing found is complete for these roles now: later parts may read it from the index.
    trustIndex = await index.add(all.map((fn) => ({ roleArn: fn.Role, functionArn: fn.FunctionArn }))).then(() => true, () => false);
  }
  const pending = all.filter((fn) => startAfter === undefined || fn.FunctionName > startAfter);
  const part = pending.slice(0, chunkSize);
  return {
    functions: part,
    source: 'listing',
    reason: `listed the region's functions: ${coldReason}`,
    ...(pending.length > part.length ? { moreAfter: part[part.length - 1]!.FunctionName } : {}),
    trustIndex,
  };
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `arn:aws:lambda:us-east-1:111122223333:function:orders-api` -> `orders-api` when in `region` (qualified ARNs are not indexed). */
function functionNameOf(arn: string, region: string): string | undefined {
  const parts = arn.split(':');
  return parts.length === 7 && parts[3] === region && parts[5] === 'function' ? parts[6] : undefined;
}

function arnIn(arns: readonly string[] | undefined, name: string): string {
  return arns?.find((arn) => arn.endsWith(`:function:${name}`)) ?? name;
}
