/**
 * The functions a role change concerns, without listing the region when the role index can say.
 * Warm index: the indexed functions of the part being read, each read on its own
 * (GetFunctionConfiguration) and kept only if it still runs with one of the roles; entries proved
 * stale (the function is gone, or runs with another role) are removed. Cold index (no complete audit
 * vouches for it, a role overflowed, or the index could not be read) or no index: list the region,
 * and write what the listing found into the index so later parts of the same change can use it.
 *
 * Parts: functions in (role, name) order; a part takes whole roles while they fit in `chunkSize`
 * functions, and splits a role only when it alone has more. So a role is judged with every function
 * it serves (shared-execution-role included) unless it serves more than a part holds; then the first
 * part holding it reports it, with that part's functions.
 */
import type { AccountReader } from '../account/AccountReader.ts';
import type { FunctionConfigurationRecord } from '../account/records.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';
import type { RoleFunctionEntry, RoleFunctionIndex } from './RoleFunctionIndex.ts';

export interface FoundFunctions {
  /** Functions of this part that run with one of the roles. */
  functions: FunctionConfigurationRecord[];
  /** Where the part's list came from, and why (logged). */
  source: 'index' | 'listing';
  reason: string;
  /** Cursor of the last function this part covered, when more remain for a next part. */
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

interface Candidate<T> {
  /** `<lower-cased role ARN> <function name>`: the order parts follow, and their cursor. */
  cursor: string;
  role: string;
  name: string;
  item: T;
}

export async function findFunctionsOfRoles(
  reader: AccountReader,
  roleArns: readonly string[],
  options: FindFunctionsOptions,
): Promise<FoundFunctions> {
  const roles = new Set(roleArns.map((arn) => arn.toLowerCase()));
  const { index } = options;

  let coldReason = 'no role index';
  if (index !== undefined) {
    const lookup = await index.lookup(roleArns, { trustWithoutAudit: options.resume?.trustIndex === true }).catch((error: unknown) => ({
      state: 'cold' as const,
      reason: `the role index could not be read (${error instanceof Error ? error.message : String(error)})`,
    }));
    if (lookup.state === 'warm') {
      const indexedUnder = new Map<string, { role: string; arn: string }[]>(); // function name -> where it is indexed
      for (const [role, arns] of lookup.functions) {
        for (const arn of arns) {
          const name = functionNameOf(arn, options.region);
          if (name !== undefined) indexedUnder.set(name, [...(indexedUnder.get(name) ?? []), { role, arn }]);
        }
      }
      // A function indexed under two of the roles is read once, in the first role's place.
      const candidates = [...indexedUnder].map(([name, entries]) => {
        const role = entries.map((e) => e.role).sort()[0]!;
        return { cursor: `${role} ${name}`, role, name, item: name };
      });
      const { part, moreAfter } = selectPart(candidates, options);
      const functions: FunctionConfigurationRecord[] = [];
      const stale: RoleFunctionEntry[] = [];
      for (const { name } of part) {
        // The index may be stale; the function's own configuration decides.
        const fn = await reader.getFunctionConfiguration(name);
        const runsWith = fn?.Role.toLowerCase();
        if (fn !== undefined && runsWith !== undefined && roles.has(runsWith)) functions.push(fn);
        for (const entry of indexedUnder.get(name) ?? []) {
          if (runsWith !== entry.role) stale.push({ roleArn: entry.role, functionArn: entry.arn });
        }
      }
      // Best effort: a stale entry left behind costs one read next time, never a missed function.
      if (stale.length > 0) await index.remove(stale).catch(() => undefined);
      return {
        functions,
        source: 'index',
        reason:
          `the role index (complete audit ${lookup.completedAt}) names ${candidates.length} function(s); ` +
          `${part.length} read in this part, ${stale.length} stale entr${stale.length === 1 ? 'y' : 'ies'} removed`,
        ...(moreAfter === undefined ? {} : { moreAfter }),
        trustIndex: true,
      };
    }
    coldReason = lookup.reason;
  }

  // Cold: the listing decides, as before the index existed.
  const listed = (await reader.listFunctions()).filter((fn) => roles.has(fn.Role.toLowerCase()));
  let trustIndex = false;
  if (index !== undefined && listed.length > 0) {
    // What the listing found is complete for these roles now: later parts may read it from the index.
    trustIndex = await index.add(listed.map((fn) => ({ roleArn: fn.Role, functionArn: fn.FunctionArn }))).then(() => true, () => false);
  }
  const candidates = listed.map((fn) => ({ cursor: `${fn.Role.toLowerCase()} ${fn.FunctionName}`, role: fn.Role.toLowerCase(), name: fn.FunctionName, item: fn }));
  const { part, moreAfter } = selectPart(candidates, options);
  return {
    functions: part.map((c) => c.item),
    source: 'listing',
    reason: `listed the region's functions: ${coldReason}`,
    ...(moreAfter === undefined ? {} : { moreAfter }),
    trustIndex,
  };
}

/**
 * The candidates after the cursor, in order, whole roles while they fit in `chunkSize`; the first
 * role alone when it has more (then cut at `chunkSize`). `moreAfter` when candidates remain.
 */
function selectPart<T>(candidates: Candidate<T>[], options: Pick<FindFunctionsOptions, 'chunkSize' | 'resume'>): { part: Candidate<T>[]; moreAfter?: string } {
  const startAfter = options.resume?.startAfter;
  const pending = candidates.filter((c) => startAfter === undefined || c.cursor > startAfter).sort((a, b) => byCursor(a.cursor, b.cursor));
  const limit = options.chunkSize ?? Number.POSITIVE_INFINITY;
  if (pending.length <= limit) return { part: pending };
  const sizes = new Map<string, number>();
  for (const c of pending) sizes.set(c.role, (sizes.get(c.role) ?? 0) + 1);
  let take = 0;
  for (const size of sizes.values()) {
    if (take + size > limit) break;
    take += size;
  }
  if (take === 0) take = limit; // the first role alone is larger than a part
  const part = pending.slice(0, take);
  return { part, moreAfter: part[part.length - 1]!.cursor };
}

const byCursor = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `arn:aws:lambda:us-east-1:111122223333:function:orders-api` -> `orders-api` when in `region` (qualified ARNs are not indexed). */
function functionNameOf(arn: string, region: string): string | undefined {
  const parts = arn.split(':');
  return parts.length === 7 && parts[3] === region && parts[5] === 'function' ? parts[6] : undefined;
}
