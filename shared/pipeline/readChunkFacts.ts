import type { AccountIdentity } from '../account/AccountReader.ts';
import { readFunctionLocks, readQualifiers } from '../account/readAccountRecords.ts';
import type { CoreRecords } from '../account/readAccountRecords.ts';
import type { AccountRecords, FunctionConfigurationRecord } from '../account/records.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import type { AccountFacts } from '../facts/types.ts';
import { chunkRecords, makeChunk } from './auditChunk.ts';
import type { AuditChunk } from './auditChunk.ts';
import type { WatchedRegion } from './readWatchedRegions.ts';

/**
 * One chunk's facts: its functions with their locks, aliases and versions (read now, through their
 * region's reader), plus, without locks, every other function of the roles it owns in any watched
 * region, so a role is judged against all the functions it serves. Judged in the chunk's region.
 */
export async function readChunkFacts(
  identity: AccountIdentity,
  region: WatchedRegion,
  functions: FunctionConfigurationRecord[],
  watched: readonly WatchedRegion[],
  reportedRoles: ReadonlySet<string>,
  reportsAccountFindings: boolean,
  severalRegions: boolean,
): Promise<{ facts: AccountFacts; chunk: AuditChunk }> {
  const core = region.core as CoreRecords;
  const names = new Set(functions.map((fn) => fn.FunctionName));
  // Only this chunk's versions: `all` would otherwise read every version's policy in every chunk.
  const pendingQualifiers = core.qualifiers === undefined ? undefined : { ...core.qualifiers, versions: core.qualifiers.versions.filter((v) => names.has(v.FunctionName)) };
  const qualified = await readQualifiers(region.reader, {
    functions,
    eventSourceMappings: core.eventSourceMappings,
    ...(pendingQualifiers === undefined ? {} : { qualifiers: pendingQualifiers }),
  });
  const locks = await readFunctionLocks(region.reader, functions, { urlConfigsFor: qualified.urlConfigsFor });
  const chunk = makeChunk(functions, reportedRoles, reportsAccountFindings, qualified.qualifiers?.versions ?? []);
  const all: AccountRecords = {
    ...core,
    ...locks,
    ...(qualified.qualifiers === undefined ? {} : { qualifiers: qualified.qualifiers }),
    problems: [...core.problems, ...qualified.problems, ...locks.problems],
  };
  const facts = toAccountFacts({ ...identity, region: region.region }, chunkRecords(all, chunk));
  // Across regions an account-level gap says where (as the CLI's --regions report does).
  if (severalRegions) facts.incomplete = facts.incomplete.map((gap) => ({ ...gap, what: `${gap.what} in ${region.region}` }));
  for (const other of watched) {
    if (other === region || other.core === undefined) continue;
    const served = other.core.functions.filter((fn) => chunk.ownedRoleArns.has(fn.Role.toLowerCase()));
    if (served.length === 0) continue;
    const records: AccountRecords = {
      ...other.core,
      roles: other.core.roles.filter((role) => chunk.ownedRoleArns.has(role.Arn.toLowerCase())),
      functions: served,
      resourcePolicies: new Map(),
      urlConfigs: new Map(),
      problems: [],
    };
    delete records.qualifiers;
    facts.functions.push(...toAccountFacts({ ...identity, region: other.region }, records).functions);
  }
  return { facts, chunk };
}
