/**
 * Facts for an IAM change: the changed roles, every function they serve, and those functions'
 * locks (so the alert can rank a public function with an admin role first). Roles Lambda cannot
 * assume are skipped without looking for functions, except after UpdateAssumeRolePolicy — the one
 * change that can break a role that still serves functions.
 *
 * The functions are found in every watched region through the role index when it is warm, else by
 * listing each region (findFunctionsOfRoles); each region's functions are read through that region's
 * reader (IAM read once for all), and the facts of every region are merged and evaluated together, so a
 * role serving functions in two regions is judged with all of them. A region that could not be read
 * is an evaluation-incomplete gap naming it. A change that concerns more functions than `chunkSize` is
 * read in parts, one per invocation, in (role, region, function name) order, whole roles where they fit; each role is reported
 * by the first part holding one of its functions (auditChunk's rule), and `part.next` says where the
 * next invocation carries on.
 */
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords } from '../account/readAccountRecords.ts';
import { withSharedIam } from '../account/withSharedIam.ts';
import { mergeRegionFacts } from '../facts/mergeRegionFacts.ts';
import { parseLambdaArn } from '../facts/parseLambdaArn.ts';
import type { FunctionConfigurationRecord, RoleRecord } from '../account/records.ts';
import type { AccountFacts, IncompleteFact } from '../facts/types.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import { unqualifiedFunctionArn } from '../facts/unqualifiedFunctionArn.ts';
import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument } from '../policy/index.ts';
import { makeChunk } from './auditChunk.ts';
import { findFunctionsOfRoles } from './findFunctionsOfRoles.ts';
import type { QualifiedFunction } from './findFunctionsOfRoles.ts';
import { mayBeLambdaRole } from './mayBeLambdaRole.ts';
import { reportedRoleKey } from './reportedRoleKey.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';
import type { RoleFunctionIndex } from './RoleFunctionIndex.ts';
import type { TargetedRead } from './TargetedRead.ts';
import { withVisibilityRetry } from './withVisibilityRetry.ts';
import type { VisibilityRetryOptions } from './withVisibilityRetry.ts';

export interface RoleChangeOptions extends VisibilityRetryOptions {
  identity: AccountIdentity;
  /** CloudTrail eventName that triggered the read. */
  eventName: string;
  /** The role index; without it every watched region is listed. */
  index?: RoleFunctionIndex;
  /** The other watched regions (WatchedRegions), each with its reader; default: the stack's region only. */
  regionReaders?: ReadonlyMap<string, AccountReader>;
  /** Gaps known before the read (the enabled regions could not be listed): reported by the first part. */
  gaps?: IncompleteFact[];
  /** Functions per part (default: all in one). */
  chunkSize?: number;
  /** Where earlier parts of this change stopped (a continuation). */
  resume?: RoleChangeProgress;
}

export async function readRoleChangeFacts(
  reader: AccountReader,
  roleNames: readonly string[],
  options: RoleChangeOptions,
): Promise<TargetedRead> {
  const found: RoleRecord[] = [];
  const skipped: string[] = [];
  for (const name of new Set(roleNames)) {
    // IAM is eventually consistent: a role read right after CreateRole may not be visible yet.
    const role = await withVisibilityRetry(() => reader.getRole(name), options);
    if (role === undefined) skipped.push(`role ${name} does not exist (deleted, or still not visible after retries)`);
    else if (!mayBeLambdaRole(trustPolicyOf(role)) && options.eventName !== 'UpdateAssumeRolePolicy') {
      skipped.push(`role ${name} is not a Lambda role (its trust policy does not admit lambda.amazonaws.com)`);
    } else found.push(role);
  }
  if (found.length === 0) return { outcome: 'skip', reason: skipped.join('; ') || 'no role named by the event' };

  // Other regions' Lambda through their own readers, IAM through the stack's (read once).
  const others = [...(options.regionReaders ?? new Map<string, AccountReader>())].filter(([region]) => region !== options.identity.region);
  const shared = withSharedIam(others.map(([, regional]) => regional), reader);
  const regionReaders = new Map(others.map(([region], i) => [region, shared[i] as AccountReader]));
  const readerOf = (region: string): AccountReader => regionReaders.get(region) ?? reader;
  const located = await findFunctionsOfRoles(reader, found.map((role) => role.Arn), {
    region: options.identity.region,
    ...(regionReaders.size === 0 ? {} : { regionReaders }),
    ...(options.index === undefined ? {} : { index: options.index }),
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
  });
  const part = (options.resume?.part ?? 0) + 1;
  const gaps = [...(part === 1 ? (options.gaps ?? []) : []), ...located.gaps];
  const reported = new Set(options.resume?.reportedRoles ?? []);
  // A part that found a region unreadable reports that gap itself (account-level, not tied to a function).
  const chunk = makeChunk([...located.functions, ...located.qualified.map((q) => q.configuration)], reported, part === 1 || gaps.length > 0);
  const next: RoleChangeProgress | undefined =
    located.moreAfter === undefined
      ? undefined
      : {
          part,
          startAfter: located.moreAfter,
          reportedRoles: [...new Set([...reported, ...[...chunk.ownedRoleArns].map(reportedRoleKey)])],
          trustIndex: located.trustIndex,
        };
  if (located.functions.length === 0 && located.qualified.length === 0) {
    const names = found.map((r) => r.RoleName).join(', ');
    const reason =
      next !== undefined
        ? `part ${part}: no function read in this part still runs with ${names}; the next part carries on after ${next.startAfter}`
        : part > 1
          ? `part ${part}: no further function runs with ${names}`
          : `${names} serves no function yet (CreateFunction will evaluate it)`;
    if (gaps.length === 0) return { outcome: 'skip', reason, found: located.reason, ...(next === undefined ? {} : { next }) };
    // Nothing found where it could look, but a region could not be read: that must be told.
    return {
      outcome: 'evaluate',
      facts: { ...options.identity, roles: new Map(), functions: [], incomplete: gaps },
      found: located.reason,
      regions: [options.identity.region],
      ...(part > 1 || next !== undefined ? { part: { chunk, functionArns: new Set<string>(), ...(next === undefined ? {} : { next }) } } : {}),
    };
  }
  // Each region's functions read and turned into facts there (their CLI commands name that region), then judged together.
  const regions = [...new Set([...located.functions.map((fn) => regionOf(fn, options.identity.region)), ...located.qualified.map((q) => q.region)])].sort();
  const perRegion: AccountFacts[] = [];
  for (const region of regions) {
    const functions = located.functions.filter((fn) => regionOf(fn, options.identity.region) === region);
    const qualified = located.qualified.filter((q) => q.region === region);
    const identity = { ...options.identity, region };
    perRegion.push(
      qualified.length === 0
        ? toAccountFacts(identity, await readAccountRecords(readerOf(region), { functions, roles: found }))
        : await withQualified(readerOf(region), found, functions, qualified, identity),
    );
  }
  // Judged as the stack's region (IAM is global); each function keeps its own region.
  const merged = mergeRegionFacts(perRegion);
  const facts: AccountFacts = { ...merged, region: options.identity.region, incomplete: [...merged.incomplete, ...gaps] };
  const split = part > 1 || next !== undefined;
  const functionArns = new Set([...located.functions.map((fn) => fn.FunctionArn), ...located.qualified.map((q) => unqualifiedFunctionArn(q.configuration.FunctionArn))]);
  return {
    outcome: 'evaluate',
    facts,
    found: located.reason,
    regions,
    ...(split ? { part: { chunk, functionArns, ...(next === undefined ? {} : { next }) } } : {}),
  };
}

/** The region a function configuration's ARN names (the stack's when it names none). */
function regionOf(fn: FunctionConfigurationRecord, home: string): string {
  return parseLambdaArn(fn.FunctionArn)?.region ?? home;
}

/**
 * Facts when the role index names aliases or published versions that run with the roles (function
 * events index them): their functions are read with `aliases` qualifiers, the indexed versions kept,
 * and only what runs with the changed roles is judged (a function whose `$LATEST` runs with another
 * role is read only for its alias or version, and that other role is not judged here).
 */
async function withQualified(
  reader: AccountReader,
  roles: RoleRecord[],
  functions: FunctionConfigurationRecord[],
  qualified: readonly QualifiedFunction[],
  identity: AccountIdentity,
): Promise<AccountFacts> {
  const latest = new Map(functions.map((fn) => [fn.FunctionName, fn]));
  for (const { functionName } of qualified) {
    if (latest.has(functionName)) continue;
    const fn = await reader.getFunctionConfiguration(functionName);
    if (fn !== undefined) latest.set(functionName, fn);
  }
  const versions = qualified.filter((q) => /^\d+$/.test(q.qualifier)).map((q) => `${q.functionName}:${q.qualifier}`);
  const records = await readAccountRecords(reader, { functions: [...latest.values()], roles, qualifiers: 'aliases', versions });
  const facts = toAccountFacts(identity, records);
  const plain = new Set(functions.map((fn) => fn.FunctionName));
  const named = new Set(qualified.map((q) => `${q.functionName}:${q.qualifier}`));
  facts.functions = facts.functions.filter((fn) => (fn.qualified === undefined ? plain.has(fn.name) : named.has(fn.name)));
  const used = new Set(
    facts.functions.flatMap((fn) => [fn.roleArn, ...(fn.qualified?.additionalVersions ?? []).map((v) => v.roleArn)]).map((arn) => arn.toLowerCase()),
  );
  facts.roles = new Map([...facts.roles].filter(([arn]) => used.has(arn.toLowerCase())));
  return facts;
}

function trustPolicyOf(role: RoleRecord): PolicyDocument | undefined {
  if (role.AssumeRolePolicyDocument === undefined) return undefined;
  try {
    return parsePolicyDocument(role.AssumeRolePolicyDocument, `trust policy of role ${role.RoleName}`);
  } catch {
    return undefined; // unreadable: evaluate, and evaluation-incomplete will say why
  }
}
