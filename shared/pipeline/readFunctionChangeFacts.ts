/**
 * Facts for a Lambda change: the function as it is now (not as the event says), its role, its lock.
 * Only this function is read, so `shared-execution-role` is left to the audit, which sees them all.
 *
 * The function itself is read first and on its own: only "not found" means it was deleted. A denied
 * read throws AccountAccessDeniedError (the caller reports `evaluation-incomplete`) and any other
 * failure throws, so the event is retried and then dead-lettered; neither may pass for a deletion.
 *
 * With the role index, the function is indexed under the role it runs with right after it is read
 * and before its role is: a role change that looked the role up before this write happened before
 * this read of the role, so this evaluation sees its result. An alias or version the event names is
 * indexed (qualified ARN) under the roles it runs with once it is read. A failed write throws (the
 * event is retried), since a function missing from the index could be missed by a later role change.
 */
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords } from '../account/readAccountRecords.ts';
import type { FunctionConfigurationRecord } from '../account/records.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import { unqualifiedFunctionArn } from '../facts/unqualifiedFunctionArn.ts';
import type { RoleFunctionIndex } from './RoleFunctionIndex.ts';
import type { TargetedRead } from './TargetedRead.ts';

export interface FunctionChangeOptions {
  /**
   * The alias or version the event was about (CreateAlias, PublishVersion, AddPermission --qualifier,
   * a URL on an alias): it is read too (with its own policy and the role of the version it runs) and
   * judged beside the function. Absent or `$LATEST`: the function alone.
   */
  qualifier?: string;
  /** Keep the role index: the function is added under the role it runs with now. */
  roleIndex?: RoleFunctionIndex;
  /** The region the index covers (the stack's); functions elsewhere (forwarded events) are not indexed. */
  indexedRegion?: string;
}

export async function readFunctionChangeFacts(
  reader: AccountReader,
  functionNames: readonly string[],
  identity: AccountIdentity,
  options: FunctionChangeOptions = {},
): Promise<TargetedRead> {
  const functions: FunctionConfigurationRecord[] = [];
  for (const name of new Set(functionNames)) {
    const fn = await reader.getFunctionConfiguration(name);
    if (fn !== undefined) functions.push(fn);
  }
  if (functions.length === 0) {
    return { outcome: 'skip', reason: `function ${functionNames.join(', ')} does not exist any more` };
  }
  const indexed = functions.filter((fn) => fn.FunctionArn.split(':')[3] === options.indexedRegion);
  if (options.roleIndex !== undefined && indexed.length > 0) {
    // Unqualified: a role change reads the function's $LATEST, as its listing fallback would.
    await options.roleIndex.add(indexed.map((fn) => ({ roleArn: fn.Role, functionArn: unqualifiedFunctionArn(fn.FunctionArn) })));
  }
  const qualifier = options.qualifier === '$LATEST' ? undefined : options.qualifier;
  if (qualifier === undefined) {
    const records = await readAccountRecords(reader, { functions });
    return { outcome: 'evaluate', facts: toAccountFacts(identity, records) };
  }
  // A version no alias points at yet (just published) is kept too, without reading every other version's policy.
  const versions = /^\d+$/.test(qualifier) ? functions.map((fn) => `${fn.FunctionName}:${qualifier}`) : [];
  const records = await readAccountRecords(reader, { functions, qualifiers: 'aliases', versions });
  const facts = toAccountFacts(identity, records);
  // Only the qualifier the event named is judged beside the function (a deleted alias: the function alone).
  facts.functions = facts.functions.filter((fn) => fn.qualified === undefined || fn.qualified.qualifier === qualifier);
  // The alias or version under every role it runs with, so a change to that role finds it too.
  const qualifiedEntries = facts.functions
    .filter((fn) => fn.qualified !== undefined && fn.arn.split(':')[3] === options.indexedRegion)
    .flatMap((fn) => [fn.roleArn, ...(fn.qualified?.additionalVersions ?? []).map((v) => v.roleArn)].map((roleArn) => ({ roleArn, functionArn: fn.arn })));
  if (options.roleIndex !== undefined && qualifiedEntries.length > 0) await options.roleIndex.add(qualifiedEntries);
  return { outcome: 'evaluate', facts };
}
