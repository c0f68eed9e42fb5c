import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAccountRecords } from '../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../shared/account/snapshot/SnapshotAccountReader.ts';
import { toAccountFacts } from '../shared/facts/toAccountFacts.ts';
import { evaluateAccount } from '../shared/engine/evaluateAccount.ts';
import { generateSnapshot } from './generateSnapshot.ts';
const dir = await mkdtemp(join(tmpdir(), 'kc-'));
await generateSnapshot(dir, { functions: 10000, roles: 3000, customerPolicies: 500, seed: 42 });
const reader = new SnapshotAccountReader(dir);
const id = await reader.identity();
const records = await readAccountRecords(reader);
for (let i = 0; i < 4; i++) {
  const facts = toAccountFacts(id, records);
  const t = performance.now();
  evaluateAccount(facts, { trustedAccountIds: [] });
  console.log('all', Math.round(performance.now() - t));
}
