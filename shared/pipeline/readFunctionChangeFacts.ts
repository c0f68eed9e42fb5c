/**
 * Facts for a Lambda change: the function as it is now (not as the event says), its role, its lock.
 * Only this function is read, so `shared-execution-role` is left to the audit, which sees them all.
 */
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords } from '../account/readAccountRecords.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import type { TargetedRead } from './TargetedRead.ts';

export async function readFunctionChangeFacts(
  reader: AccountReader,
  functionNames: readonly string[],
  identity: AccountIdentity,
): Promise<TargetedRead> {
  const records = await readAccountRecords(reader, { functionNames: [...functionNames] });
  if (records.functions.length === 0) {
    return { outcome: 'skip', reason: `function ${functionNames.join(', ')} does not exist any more` };
  }
  return { outcome: 'evaluate', facts: toAccountFacts(identity, records) };
}
