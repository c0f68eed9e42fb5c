/**
 * Facts for a Lambda change: the function as it is now (not as the event says), its role, its lock.
 * Only this function is read, so `shared-execution-role` is left to the audit, which sees them all.
 *
 * The function itself is read first and on its own: only "not found" means it was deleted. A denied
 * read throws AccountAccessDeniedError (the caller reports `evaluation-incomplete`) and any other
 * failure throws, so the event is retried and then dead-lettered; neither may pass for a deletion.
 */
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords } from '../account/readAccountRecords.ts';
import type { FunctionConfigurationRecord } from '../account/records.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import type { TargetedRead } from './TargetedRead.ts';

export async function readFunctionChangeFacts(
  reader: AccountReader,
  functionNames: readonly string[],
  identity: AccountIdentity,
): Promise<TargetedRead> {
  const functions: FunctionConfigurationRecord[] = [];
  for (const name of new Set(functionNames)) {
    const fn = await reader.getFunctionConfiguration(name);
    if (fn !== undefined) functions.push(fn);
  }
  if (functions.length === 0) {
    return { outcome: 'skip', reason: `function ${functionNames.join(', ')} does not exist any more` };
  }
  const records = await readAccountRecords(reader, { functions });
  return { outcome: 'evaluate', facts: toAccountFacts(identity, records) };
}
