/**
 * Facts for an IAM change: the changed roles, every function they serve, and those functions'
 * locks (so the alert can rank a public function with an admin role first). Roles Lambda cannot
 * assume are skipped without looking for functions, except after UpdateAssumeRolePolicy — the one
 * change that can break a role that still serves functions.
 *
 * The functions are found through the role index when it is warm, else by listing the region
 * (findFunctionsOfRoles). A change that concerns more functions than `chunkSize` is read in parts,
 * one per invocation, in (role, function name) order, whole roles where they fit; each role is reported
 * by the first part holding one of its functions (auditChunk's rule), and `part.next` says where the
 * next invocation carries on.
 */
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords } from '../account/readAccountRecords.ts';
import type { FunctionConfigurationRecord, RoleRecord } from '../account/records.ts';
import type { AccountFacts } from '../facts/types.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
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
  /** The role index; without it the region is listed. */
  index?: RoleFunctionIndex;
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

  const located = await findFunctionsOfRoles(reader, found.map((role) => role.Arn), {
    region: options.identity.region,
    ...(options.index === undefined ? {} : { index: options.index }),
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
  });
  const part = (options.resume?.part ?? 0) + 1;
  const reported = new Set(options.resume?.reportedRoles ?? []);
  const chunk = makeChunk([...located.functions, ...located.qualified.map((q) => q.configuration)], reported, part === 1);
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
    return { outcome: 'skip', reason, found: located.reason, ...(next === undefined ? {} : { next }) };
  }
  const facts =
    located.qualified.length === 0
      ? toAccountFacts(options.identity, await readAccountRecords(reader, { functions: located.functions, roles: found }))
      : await withQualified(reader, found, located.functions, located.qualified, options.identity);
  const split = part > 1 || next !== undefined;
  const functionArns = new Set([...located.functions.map((fn) => fn.FunctionArn), ...located.qualified.map((q) => unqualified(q.configuration.FunctionArn))]);
  return {
    outcome: 'evaluate',
    facts,
    found: located.reason,
    ...(split ? { part: { chunk, functionArns, ...(next === undefined ? {} : { next }) } } : {}),
  };
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

/** `...:function:orders:live` -> `...:function:orders`. */
function unqualified(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}

function trustPolicyOf(role: RoleRecord): PolicyDocument | undefined {
  if (role.AssumeRolePolicyDocument === undefined) return undefined;
  try {
    return parsePolicyDocument(role.AssumeRolePolicyDocument, `trust policy of role ${role.RoleName}`);
  } catch {
    return undefined; // unreadable: evaluate, and evaluation-incomplete will say why
  }
}
