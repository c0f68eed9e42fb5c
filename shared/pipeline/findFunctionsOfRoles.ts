/**
 * The functions a role change concerns, without listing the region when the role index can say.
 * Warm index: the indexed functions of the part being read, each read on its own
 * (GetFunctionConfiguration; for an indexed alias or published version, with its qualifier) and kept
 * only if it still runs with one of the roles; entries proved
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
  /** Functions (`$LATEST`) of this part that run with one of the roles. */
  functions: FunctionConfigurationRecord[];
  /** Aliases and published versions of this part that run with one of the roles (index only). */
  qualified: QualifiedFunction[];
  /** Where the part's list came from, and why (logged). */
  source: 'index' | 'listing';
  reason: string;
  /** Cursor of the last function this part covered, when more remain for a next part. */
  moreAfter?: string;
  /** Whether a next part may read the index instead of listing. */
  trustIndex: boolean;
}

export interface QualifiedFunction {
  functionName: string;
  /** Alias name or version number. */
  qualifier: string;
  /** Its configuration as GetFunctionConfiguration returns it with the qualifier (the role it runs with). */
  configuration: FunctionConfigurationRecord;
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
      const indexedUnder = new Map<string, { role: string; arn: string }[]>(); // `name` or `name:qualifier` -> where it is indexed
      for (const [role, arns] of lookup.functions) {
        for (const arn of arns) {
          const id = memberIdOf(arn, options.region);
          if (id !== undefined) indexedUnder.set(id, [...(indexedUnder.get(id) ?? []), { role, arn }]);
        }
      }
      // A function indexed under two of the roles is read once, in the first role's place.
      const candidates = [...indexedUnder].map(([id, entries]) => {
        const role = entries.map((e) => e.role).sort()[0]!;
        return { cursor: `${role} ${id}`, role, name: id, item: id };
      });
      const { part, moreAfter } = selectPart(candidates, options);
      const functions: FunctionConfigurationRecord[] = [];
      const qualified: QualifiedFunction[] = [];
      const stale: RoleFunctionEntry[] = [];
      for (const { name: id } of part) {
        // The index may be stale; the function's own configuration decides.
        const fn = await reader.getFunctionConfiguration(id);
        const runsWith = fn?.Role.toLowerCase();
        if (fn !== undefined && runsWith !== undefined && roles.has(runsWith)) {
          const [functionName, qualifier] = id.split(':') as [string, string | undefined];
          if (qualifier === undefined) functions.push(fn);
          else qualified.push({ functionName, qualifier, configuration: fn });
        }
        for (const entry of indexedUnder.get(id) ?? []) {
          if (runsWith !== entry.role) stale.push({ roleArn: entry.role, functionArn: entry.arn });
        }
      }
      if (stale.length > 0) await removeStale(reader, index, stale, options.region);
      return {
        functions,
        qualified,
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
    // The listing shows `$LATEST` only, as before the index.
    qualified: [],
    source: 'listing',
    reason: `listed the region's functions: ${coldReason}`,
    ...(moreAfter === undefined ? {} : { moreAfter }),
    trustIndex,
  };
}

/**
 * Removes entries a read proved stale, then reads those functions once more and adds back any that
 * runs with the role again: a function moved back (or re-created) between the first read and the
 * removal had its own event add the entry, which the removal may have undone. Best effort: a stale
 * entry left behind costs one read next time, never a missed function.
 */
async function removeStale(reader: AccountReader, index: RoleFunctionIndex, stale: RoleFunctionEntry[], region: string): Promise<void> {
  let removed = false;
  try {
    await index.remove(stale);
    removed = true;
    const back: RoleFunctionEntry[] = [];
    for (const entry of stale) {
      const id = memberIdOf(entry.functionArn, region);
      const fn = id === undefined ? undefined : await reader.getFunctionConfiguration(id);
      if (fn !== undefined && fn.Role.toLowerCase() === entry.roleArn.toLowerCase()) back.push(entry);
    }
    if (back.length > 0) await index.add(back);
  } catch {
    // Removed but not re-checked: put them all back (a stale entry costs a read; a lost one could hide).
    if (removed) await index.add(stale).catch(() => undefined);
  }
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

/**
 * `arn:aws:lambda:us-east-1:111122223333:function:orders-api` -> `orders-api`, `...:function:orders-api:live`
 * -> `orders-api:live` (what GetFunctionConfiguration takes), when the ARN is in `region`.
 */
function memberIdOf(arn: string, region: string): string | undefined {
  const parts = arn.split(':');
  if (parts[3] !== region || parts[5] !== 'function') return undefined;
  if (parts.length === 7) return parts[6];
  return parts.length === 8 && parts[7] !== '$LATEST' ? `${parts[6]}:${parts[7]}` : undefined;
}
