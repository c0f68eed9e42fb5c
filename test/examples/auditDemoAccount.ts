import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';

export const DEMO_ACCOUNT_DIR = 'examples/demo-account';

/** The real pipeline on the bundled demo account: snapshot -> records -> facts -> AuditResult. */
export async function auditDemoAccount(trustedAccountIds: string[] = []): Promise<AuditResult> {
  const reader = new SnapshotAccountReader(DEMO_ACCOUNT_DIR);
  const facts = toAccountFacts(await reader.identity(), await readAccountRecords(reader));
  return evaluateAccount(facts, { trustedAccountIds });
}
