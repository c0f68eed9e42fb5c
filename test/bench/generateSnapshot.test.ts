import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSnapshot } from '../../bench/generateSnapshot.ts';
import type { SyntheticSnapshotSummary } from '../../bench/generateSnapshot.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';

// Keeps the benchmark's generator honest: what it writes must read back through the real reader.
describe('bench generateSnapshot', () => {
  const dirs: string[] = [];
  let summary: SyntheticSnapshotSummary;
  const options = { functions: 50, roles: 40, customerPolicies: 15, seed: 7 };

  beforeAll(async () => {
    dirs.push(await mkdtemp(join(tmpdir(), 'keycard-gen-')), await mkdtemp(join(tmpdir(), 'keycard-gen-')));
    summary = await generateSnapshot(dirs[0]!, options);
    await generateSnapshot(dirs[1]!, options);
  });
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('writes a snapshot that reads back into facts without problems', async () => {
    const reader = new SnapshotAccountReader(dirs[0]!);
    const records = await readAccountRecords(reader);
    expect(records.problems).toEqual([]);
    expect(records.functions).toHaveLength(50);
    expect(records.roles).toHaveLength(40);
    expect(records.resourcePolicies.size).toBe(summary.resourcePolicies);
    expect(records.eventSourceMappings).toHaveLength(summary.eventSourceMappings);
    const facts = toAccountFacts(await reader.identity(), records);
    expect(facts.functions.every((f) => f.incomplete.length === 0)).toBe(true);
    expect([...facts.roles.values()].every((r) => r.incomplete.length === 0 && r.trustPolicy !== undefined)).toBe(true);
    expect(JSON.stringify(facts.functions)).not.toContain('bench-secret');
  });

  it('is deterministic for a seed', async () => {
    const read = (dir: string): Promise<string[]> =>
      Promise.all(['iam/authorization-details.json', 'lambda/functions.json'].map((f) => readFile(join(dir, f), 'utf8')));
    expect(await read(dirs[0]!)).toEqual(await read(dirs[1]!));
  });
});
