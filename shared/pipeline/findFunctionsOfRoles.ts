/**
 * The functions a role change concerns, in every region the stack watches, without listing when the
 * role index can say. Warm index: the indexed functions of the part being read (in any watched
 * region), each read on its own through its region's reader (GetFunctionConfiguration; for an indexed
 * alias or published version, with its qualifier) and kept only if it still runs with one of the
 * roles; entries proved stale (the function is gone, or runs with another role) are removed. Cold
 * index (no complete audit vouches for it in every watched region, a role overflowed, or the index
 * could not be read) or no index: list every watched region, each through its own reader, and write
 * what the listings found into the index so later parts of the same change can use it. A region that
 * cannot be read becomes a gap (evaluation-incomplete, naming the region) while the others are read.
 *
 * Parts: functions in (role, region, name) order; a part takes whole roles while they fit in
 * `chunkSize` functions, and splits a role only when it alone has more. So a role is judged with every
 * function it serves in every watched region (shared-execution-role included) unless it serves more
 * than a part holds; then the first part holding it reports it, with that part's functions.
 */
import type { AccountReader } from '../account/AccountReader.ts';
import { AccountReadError } from '../account/errors.ts';
import type { FunctionConfigurationRecord } from '../account/records.ts';
import type { IncompleteFact } from '../facts/types.ts';
import { PipelineError } from './errors.ts';
import { regionGap } from './regionGap.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';
import type { RoleFunctionEntry, RoleFunctionIndex } from './RoleFunctionIndex.ts';

export interface FoundFunctions {
  /** Functions (`$LATEST`) of this part that run with one of the roles, in any watched region (their ARNs say which). */
  functions: FunctionConfigurationRecord[];
  /** Aliases and published versions of this part that run with one of the roles (index only). */
  qualified: QualifiedFunction[];
  /** Watched regions whose functions could not be read: each once, as evaluation-incomplete. */
  gaps: IncompleteFact[];
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
  /** The region the function is in. */
  region: string;
  /** Its configuration as GetFunctionConfiguration returns it with the qualifier (the role it runs with). */
  configuration: FunctionConfigurationRecord;
}

export interface FindFunctionsOptions {
  index?: RoleFunctionIndex;
  /** The stack's region, read by the reader given. */
  region: string;
  /**
   * The other watched regions (WatchedRegions), each with its reader; index entries of functions in a
   * region neither here nor `region` are not this stack's to judge. Default: the stack's region only.
   */
  regionReaders?: ReadonlyMap<string, AccountReader>;
  /** Functions per part (default: no limit). */
  chunkSize?: number;
  /** The progress of earlier parts (a continuation). */
  resume?: Pick<RoleChangeProgress, 'startAfter' | 'trustIndex'>;
}

interface Candidate<T> {
  /** `<lower-cased role ARN> <region> <function name>`: the order parts follow, and their cursor. */
  cursor: string;
  role: string;
  item: T;
}

/** A function (or `name:qualifier`) in a region: what GetFunctionConfiguration takes, and where. */
interface Located {
  region: string;
  id: string;
}

const GAP_CONSEQUENCE =
  "the changed role's functions there were not evaluated (allow the on-role-change role to read Lambda there, or remove the region from WatchedRegions)";

export async function findFunctionsOfRoles(
  reader: AccountReader,
  roleArns: readonly string[],
  options: FindFunctionsOptions,
): Promise<FoundFunctions> {
  const roles = new Set(roleArns.map((arn) => arn.toLowerCase()));
  const { index } = options;
  const regions = [...new Set([options.region, ...(options.regionReaders?.keys() ?? [])])].sort();
  const readerOf = (region: string): AccountReader => {
    if (region === options.region) return reader;
    const regional = options.regionReaders?.get(region);
    if (regional === undefined) throw new PipelineError(`The role change watches region ${region} but was given no reader for it.`);
    return regional;
  };
  const resume = options.resume === undefined ? undefined : { ...options.resume, startAfter: withRegion(options.resume.startAfter, options.region) };

  let coldReason = 'no role index';
  if (index !== undefined) {
    const lookup = await index.lookup(roleArns, { trustWithoutAudit: resume?.trustIndex === true }).catch((error: unknown) => ({
      state: 'cold' as const,
      reason: `the role index could not be read (${error instanceof Error ? error.message : String(error)})`,
    }));
    // A continuation trusts what its first part wrote from listing every watched region; otherwise the
    // audit that vouches for the index must have listed every region watched now.
    const unvouched = lookup.state !== 'warm' || resume?.trustIndex === true ? [] : regions.filter((r) => !(lookup.regions ?? [options.region]).includes(r));
    if (lookup.state === 'warm' && unvouched.length === 0) {
      const indexedUnder = new Map<string, { where: Located; entries: { role: string; arn: string }[] }>(); // `<region> <id>` -> where it is indexed
      for (const [role, arns] of lookup.functions) {
        for (const arn of arns) {
          const where = locate(arn);
          if (where === undefined || !regions.includes(where.region)) continue;
          const key = `${where.region} ${where.id}`;
          const known = indexedUnder.get(key) ?? { where, entries: [] };
          known.entries.push({ role, arn });
          indexedUnder.set(key, known);
        }
      }
      // A function indexed under two of the roles is read once, in the first role's place.
      const candidates = [...indexedUnder].map(([key, { where }]) => {
        const role = indexedUnder.get(key)!.entries.map((e) => e.role).sort()[0]!;
        return { cursor: `${role} ${key}`, role, item: where };
      });
      const { part, moreAfter } = selectPart(candidates, { ...options, resume });
      const functions: FunctionConfigurationRecord[] = [];
      const qualified: QualifiedFunction[] = [];
      const stale: RoleFunctionEntry[] = [];
      const gaps = new Map<string, IncompleteFact>();
      for (const { item: where } of part) {
        if (gaps.has(where.region)) continue;
        // The index may be stale; the function's own configuration decides.
        let fn: FunctionConfigurationRecord | undefined;
        try {
          fn = await readerOf(where.region).getFunctionConfiguration(where.id);
        } catch (error) {
          if (!(error instanceof AccountReadError) || regions.length === 1) throw error;
          gaps.set(where.region, regionGap(where.region, error, GAP_CONSEQUENCE));
          continue;
        }
        const runsWith = fn?.Role.toLowerCase();
        if (fn !== undefined && runsWith !== undefined && roles.has(runsWith)) {
          const [functionName, qualifier] = where.id.split(':') as [string, string | undefined];
          if (qualifier === undefined) functions.push(fn);
          else qualified.push({ functionName, qualifier, region: where.region, configuration: fn });
        }
        for (const entry of indexedUnder.get(`${where.region} ${where.id}`)?.entries ?? []) {
          if (runsWith !== entry.role) stale.push({ roleArn: entry.role, functionArn: entry.arn });
        }
      }
      if (stale.length > 0) await removeStale(readerOf, index, stale);
      return {
        functions,
        qualified,
        gaps: [...gaps.values()],
        source: 'index',
        reason:
          `the role index (complete audit ${lookup.completedAt}) names ${candidates.length} function(s) in ${regions.join(', ')}; ` +
          `${part.length} read in this part, ${stale.length} stale entr${stale.length === 1 ? 'y' : 'ies'} removed`,
        ...(moreAfter === undefined ? {} : { moreAfter }),
        trustIndex: true,
      };
    }
    coldReason = lookup.state === 'cold' ? lookup.reason : `the last complete audit did not list ${unvouched.join(', ')}`;
  }

  // Cold: every watched region's listing decides, each region at its own rate budget, in parallel.
  const listings = await Promise.all(
    regions.map(async (region): Promise<{ region: string; functions: FunctionConfigurationRecord[] } | { region: string; gap: IncompleteFact }> => {
      try {
        return { region, functions: (await readerOf(region).listFunctions()).filter((fn) => roles.has(fn.Role.toLowerCase())) };
      } catch (error) {
        // One region alone: its failure is the read's (handleChangeEvent reports a denial), as before regions.
        if (!(error instanceof AccountReadError) || regions.length === 1) throw error;
        return { region, gap: regionGap(region, error, GAP_CONSEQUENCE) };
      }
    }),
  );
  const listed = listings.flatMap((l) => ('functions' in l ? l.functions.map((fn) => ({ region: l.region, fn })) : []));
  const gaps = listings.flatMap((l) => ('gap' in l ? [l.gap] : []));
  let trustIndex = false;
  if (index !== undefined && listed.length > 0) {
    // What the listings found is complete for these roles now: later parts may read it from the index
    // (a region that could not be listed is reported by this part; later parts do not list it again).
    trustIndex = await index.add(listed.map(({ fn }) => ({ roleArn: fn.Role, functionArn: fn.FunctionArn }))).then(() => true, () => false);
  }
  const candidates = listed.map(({ region, fn }) => ({ cursor: `${fn.Role.toLowerCase()} ${region} ${fn.FunctionName}`, role: fn.Role.toLowerCase(), item: fn }));
  const { part, moreAfter } = selectPart(candidates, { ...options, resume });
  return {
    functions: part.map((c) => c.item),
    // The listing shows `$LATEST` only, as before the index.
    qualified: [],
    gaps,
    source: 'listing',
    reason: `${regions.length === 1 ? "listed the region's functions" : `listed the functions of ${regions.join(', ')}`}: ${coldReason}`,
    ...(moreAfter === undefined ? {} : { moreAfter }),
    trustIndex,
  };
}

/**
 * A cursor written before parts named the region (`<role> <name>`) is in the stack's region, the
 * only one read then.
 */
function withRegion(cursor: string, region: string): string {
  const parts = cursor.split(' ');
  return parts.length === 2 ? `${parts[0]} ${region} ${parts[1]}` : cursor;
}

/**
 * Removes entries a read proved stale, then reads those functions once more and adds back any that
 * runs with the role again: a function moved back (or re-created) between the first read and the
 * removal had its own event add the entry, which the removal may have undone. Best effort: a stale
 * entry left behind costs one read next time, never a missed function.
 */
async function removeStale(readerOf: (region: string) => AccountReader, index: RoleFunctionIndex, stale: RoleFunctionEntry[]): Promise<void> {
  let removed = false;
  try {
    await index.remove(stale);
    removed = true;
    const back: RoleFunctionEntry[] = [];
    for (const entry of stale) {
      const where = locate(entry.functionArn);
      const fn = where === undefined ? undefined : await readerOf(where.region).getFunctionConfiguration(where.id);
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
function selectPart<T>(
  candidates: Candidate<T>[],
  options: { chunkSize?: number | undefined; resume?: { startAfter: string } | undefined },
): { part: Candidate<T>[]; moreAfter?: string } {
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
 * `arn:aws:lambda:us-east-1:111122223333:function:orders-api` -> us-east-1 and `orders-api`;
 * `...:function:orders-api:live` -> `orders-api:live` (what GetFunctionConfiguration takes).
 */
function locate(arn: string): Located | undefined {
  const parts = arn.split(':');
  const region = parts[3];
  if (region === undefined || region === '' || parts[5] !== 'function') return undefined;
  if (parts.length === 7) return { region, id: parts[6]! };
  return parts.length === 8 && parts[7] !== '$LATEST' ? { region, id: `${parts[6]}:${parts[7]}` } : undefined;
}
