import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAccountRecords } from '../../../shared/account/readAccountRecords.ts';
import { checkEventSourceMappingRecord } from '../../../shared/account/shape/checkEventSourceMappingRecord.ts';
import { checkFunctionRecord } from '../../../shared/account/shape/checkFunctionRecord.ts';
import { checkRoleRecord } from '../../../shared/account/shape/checkRoleRecord.ts';
import { defectsOf } from '../../../shared/account/shape/RecordDefect.ts';
import { SnapshotAccountReader } from '../../../shared/account/snapshot/SnapshotAccountReader.ts';
import { evaluateAccount } from '../../../shared/engine/evaluateAccount.ts';
import { toAccountFacts } from '../../../shared/facts/toAccountFacts.ts';
import { copySnapshotFixture } from '../snapshot/copySnapshotFixture.ts';

type Json = Record<string, any>;

async function edit(dir: string, file: string, change: (json: Json) => void): Promise<void> {
  const json = JSON.parse(await readFile(join(dir, file), 'utf8')) as Json;
  change(json);
  await writeFile(join(dir, file), JSON.stringify(json));
}

async function audit(dir: string) {
  const reader = new SnapshotAccountReader(dir);
  const facts = toAccountFacts(await reader.identity(), await readAccountRecords(reader));
  return evaluateAccount(facts, { trustedAccountIds: [] });
}

const gaps = (result: Awaited<ReturnType<typeof audit>>) =>
  result.findings.filter((f) => f.checkId === 'evaluation-incomplete').map((f) => f.detail);

const roleOf = (json: Json, name: string) => (json.RoleDetailList as Json[]).find((r) => r.RoleName === name)!;
const fnOf = (json: Json, name: string) => (json.Functions as Json[]).find((f) => f.FunctionName === name)!;

describe('type-malformed fields in a snapshot', () => {
  // [what to break, file, change, the one gap expected (pattern)]
  const cases: [string, string, (json: Json) => void, RegExp][] = [
    ['RolePolicyList not an array', 'iam/authorization-details.json', (j) => (roleOf(j, 'orders-api-role').RolePolicyList = 'x'), /^Role orders-api-role: RolePolicyList of role orders-api-role \(iam\/authorization-details\.json\): expected an array, found a string/],
    ['RolePolicyList holding null', 'iam/authorization-details.json', (j) => roleOf(j, 'orders-api-role').RolePolicyList.push(null), /RolePolicyList\[\d+\] of role orders-api-role .*expected an object, found null/],
    ['AttachedManagedPolicies an object', 'iam/authorization-details.json', (j) => (roleOf(j, 'reports-role').AttachedManagedPolicies = {}), /AttachedManagedPolicies of role reports-role .*expected an array, found an object/],
    ['Tags holding null', 'iam/authorization-details.json', (j) => (roleOf(j, 'reports-role').Tags = [null]), /Tags\[0\] of role reports-role .*found null/],
    ['trust policy a number', 'iam/authorization-details.json', (j) => (roleOf(j, 'reports-role').AssumeRolePolicyDocument = 7), /AssumeRolePolicyDocument of role reports-role .*found a number \(7\)/],
    ['FileSystemConfigs a string', 'lambda/functions.json', (j) => (fnOf(j, 'orders-api').FileSystemConfigs = 'efs'), /^orders-api: FileSystemConfigs of function orders-api \(lambda\/functions\.json\): expected an array, found a string/],
    ['Layers holding a number', 'lambda/functions.json', (j) => (fnOf(j, 'reports').Layers = [3]), /Layers\[0\] of function reports .*expected an object, found a number \(3\)/],
    ['SecurityGroupIds an object', 'lambda/functions.json', (j) => (fnOf(j, 'orders-api').VpcConfig = { SubnetIds: ['subnet-1'], SecurityGroupIds: {} }), /VpcConfig\.SecurityGroupIds of function orders-api .*expected an array/],
    ['DeadLetterConfig.TargetArn a number', 'lambda/functions.json', (j) => (fnOf(j, 'reports').DeadLetterConfig = { TargetArn: 1 }), /DeadLetterConfig\.TargetArn of function reports/],
    ['TracingConfig.Mode a number', 'lambda/functions.json', (j) => (fnOf(j, 'reports').TracingConfig = { Mode: 1 }), /TracingConfig\.Mode of function reports .*found a number \(1\)/],
    ['Role a number', 'lambda/functions.json', (j) => (fnOf(j, 'reports').Role = 12), /^reports: Role of function reports .*found a number/],
    ['EventSourceArn a number', 'lambda/event-source-mappings.json', (j) => (j.EventSourceMappings[0].EventSourceArn = 5), /EventSourceMappings\[0\]\.EventSourceArn of event source mapping .* of function nightly-job \(lambda\/event-source-mappings\.json\)/],
    ['OnFailure.Destination an array', 'lambda/event-source-mappings.json', (j) => (j.EventSourceMappings[0].DestinationConfig.OnFailure.Destination = []), /DestinationConfig\.OnFailure\.Destination of event source mapping .* of function nightly-job/],
    ['a mapping that is null', 'lambda/event-source-mappings.json', (j) => j.EventSourceMappings.push(null), /^Account 123456789012: EventSourceMappings\[3\] of an event source mapping .*found null/],
  ];

  it.each(cases)('%s: one evaluation-incomplete naming file, item and field; the rest is audited', async (_name, file, change, expected) => {
    const clean = await audit(await copySnapshotFixture());
    const dir = await copySnapshotFixture();
    await edit(dir, file, change);
    const result = await audit(dir);
    const added = gaps(result).filter((gap) => !gaps(clean).includes(gap));
    // One new gap, except that a role left without a readable Role also has its role checks skipped.
    expect(added.filter((gap) => !/could not be read \(absent from the account's roles\)/.test(gap))).toHaveLength(1);
    expect(added.some((gap) => expected.test(gap))).toBe(true);
    expect(result.functions.map((f) => f.functionName).sort()).toEqual(clean.functions.map((f) => f.functionName).sort());
  });
});

describe('record checks', () => {
  it('keep well-typed records as they are, with no defects', () => {
    const role = { RoleName: 'r', Arn: 'arn:aws:iam::123456789012:role/r', Tags: [{ Key: 'a', Value: 'b' }], RoleLastUsed: {} };
    const checked = checkRoleRecord(role, 'f.json');
    expect(checked).toEqual(role);
    expect(defectsOf(checked)).toEqual([]);
  });

  it('leave out only the bad entry of a list, and keep unknown fields', () => {
    const fn = checkFunctionRecord({ FunctionName: 'f', FunctionArn: 'a', Role: 'r', Layers: [{ Arn: 'l1' }, { Arn: 2 }], Architectures: ['arm64'] }, 'f.json');
    expect(fn.Layers).toEqual([{ Arn: 'l1' }]);
    expect(fn.Architectures).toEqual(['arm64']);
    expect(defectsOf(fn)).toEqual([{ source: 'f.json', field: 'Layers[1].Arn', problem: 'expected a string, found a number (2)' }]);
  });

  it('carry defects through spreads but never into JSON', () => {
    const mapping = checkEventSourceMappingRecord({ UUID: 7 }, 'm.json', 'EventSourceMappings[0]');
    expect(defectsOf({ ...mapping })).toHaveLength(1);
    expect(JSON.stringify(mapping)).toBe('{"UUID":""}');
  });
});
