import { describe, expect, it } from 'vitest';
import type { AccountRecords, FunctionConfigurationRecord } from '../../shared/account/records.ts';
import type { Finding } from '../../shared/checks/types.ts';
import { chunkFindings, chunkRecords, makeChunk } from '../../shared/pipeline/auditChunk.ts';
import { reportedRoleKey } from '../../shared/pipeline/reportedRoleKey.ts';

const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:111122223333:function:${name}`;
const fn = (name: string, roleName: string): FunctionConfigurationRecord => ({ FunctionName: name, FunctionArn: fnArn(name), Role: role(roleName) });

const functions = [fn('a', 'shared'), fn('b', 'solo'), fn('c', 'shared'), fn('d', 'Shared-Case')];
const finding = (resourceArn: string): Finding => ({
  checkId: 'x',
  severity: 'low',
  door: 'role',
  resourceArn,
  functionArns: [],
  title: '',
  detail: '',
  evidence: [],
  remediation: { text: '', cli: '' },
});

describe('audit chunks', () => {
  it('gives each role to the first chunk holding one of its functions that has not seen it reported', () => {
    const first = makeChunk(functions.slice(0, 2), new Set(), true);
    expect(first.ownedRoleArns).toEqual(new Set([role('shared').toLowerCase(), role('solo').toLowerCase()]));
    const reported = new Set([...first.ownedRoleArns].map(reportedRoleKey));
    expect(makeChunk(functions.slice(2), reported, false).ownedRoleArns).toEqual(new Set([role('shared-case').toLowerCase()]));
    // Nothing reported yet (e.g. shared's earlier function was created after the audit passed it): not lost.
    expect(makeChunk(functions.slice(2), new Set(), false).ownedRoleArns).toEqual(new Set([role('shared').toLowerCase(), role('shared-case').toLowerCase()]));
    // Role ARNs compare case-insensitively.
    expect(makeChunk([fn('e', 'SHARED')], reported, false).ownedRoleArns).toEqual(new Set());
  });

  it('also owns the roles its functions\' published versions were published with, and keeps those roles in its records', () => {
    const version = { ...fn('b', 'old-admin'), FunctionArn: `${fnArn('b')}:1`, Version: '1' };
    const chunk = makeChunk([functions[1]!], new Set(), false, [version]);
    expect(chunk.ownedRoleArns).toEqual(new Set([role('solo').toLowerCase(), role('old-admin').toLowerCase()]));
    const all: AccountRecords = {
      roles: ['solo', 'old-admin', 'unused'].map((name) => ({ RoleName: name, Arn: role(name) })),
      managedPolicies: new Map(),
      functions: [functions[1]!],
      eventSourceMappings: [],
      resourcePolicies: new Map(),
      urlConfigs: new Map(),
      qualifiers: { mode: 'aliases', versions: [version], aliases: new Map(), resourcePolicies: new Map() },
      problems: [],
    };
    expect(chunkRecords(all, chunk).roles.map((r) => r.RoleName).sort()).toEqual(['old-admin', 'solo']);
  });

  it('evaluates a chunk with every function of the roles it owns, and only the roles it needs', () => {
    const all: AccountRecords = {
      roles: ['shared', 'solo', 'Shared-Case', 'unused'].map((name) => ({ RoleName: name, Arn: role(name) })),
      managedPolicies: new Map(),
      functions,
      resourcePolicies: new Map(),
      urlConfigs: new Map(),
      eventSourceMappings: [],
      problems: [
        { subject: { kind: 'account', name: 'x' }, what: 'event source mappings', reason: 'denied' },
        { subject: { kind: 'function', name: 'c' }, what: 'resource policy', reason: 'denied' },
      ],
    };
    const first = chunkRecords(all, makeChunk([functions[0]!], new Set(), true));
    expect(first.functions.map((f) => f.FunctionName)).toEqual(['a', 'c']);
    expect(first.roles.map((r) => r.RoleName)).toEqual(['shared']);
    expect(first.problems).toHaveLength(2);
    const later = chunkRecords(all, makeChunk([functions[3]!], new Set([reportedRoleKey(role('shared'))]), false));
    expect(later.functions.map((f) => f.FunctionName)).toEqual(['d']);
    expect(later.problems.map((p) => p.subject.kind)).toEqual(['function']);
  });

  it('reports function findings in their own chunk, role findings in the owner chunk, account findings once', () => {
    const chunk = makeChunk(functions.slice(2), new Set([reportedRoleKey(role('shared'))]), false);
    const inChunk = new Set(functions.slice(2).map((f) => f.FunctionArn));
    const kept = chunkFindings(
      [
        finding(fnArn('a')),
        finding(fnArn('c')),
        finding(`${fnArn('d')}:live`),
        finding(role('shared')),
        finding(role('Shared-Case')),
        finding('arn:aws:iam::111122223333:root'),
      ],
      chunk,
      inChunk,
    );
    expect(kept.map((f) => f.resourceArn)).toEqual([fnArn('c'), `${fnArn('d')}:live`, role('Shared-Case')]);
  });
});
