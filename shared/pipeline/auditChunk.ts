/**
 * How a whole-account audit is cut into chunks that can run in separate invocations without
 * auditing anything twice or skipping anything: functions in name order; each role belongs to the
 * chunk holding its first function, and only that chunk reports the role's findings (evaluated
 * against every function it serves, so `shared-execution-role` still sees them all).
 */
import type { AccountRecords, FunctionConfigurationRecord } from '../account/records.ts';
import type { Finding } from '../checks/types.ts';

export interface AuditChunk {
  functions: FunctionConfigurationRecord[];
  /** Lower-cased ARNs of the roles whose findings this chunk reports. */
  ownedRoleArns: Set<string>;
  /** The first chunk of the audit also reports account-level gaps. */
  reportsAccountFindings: boolean;
}

const key = (arn: string) => arn.toLowerCase();

/** Role ARN (lower-cased) -> name of the first function (in name order) that uses it. */
export function roleOwners(sortedFunctions: readonly FunctionConfigurationRecord[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const fn of sortedFunctions) if (!owners.has(key(fn.Role))) owners.set(key(fn.Role), fn.FunctionName);
  return owners;
}

export function makeChunk(
  functions: FunctionConfigurationRecord[],
  owners: ReadonlyMap<string, string>,
  reportsAccountFindings: boolean,
): AuditChunk {
  const names = new Set(functions.map((fn) => fn.FunctionName));
  const ownedRoleArns = new Set([...owners].filter(([, first]) => names.has(first)).map(([role]) => role));
  return { functions, ownedRoleArns, reportsAccountFindings };
}

/**
 * The records one chunk is evaluated on: its functions (with their locks) plus, without locks,
 * the other functions of the roles it owns; the roles and policies those need.
 */
export function chunkRecords(all: AccountRecords, chunk: AuditChunk): AccountRecords {
  const inChunk = new Set(chunk.functions.map((fn) => fn.FunctionName));
  const functions = all.functions.filter((fn) => inChunk.has(fn.FunctionName) || chunk.ownedRoleArns.has(key(fn.Role)));
  const roleArns = new Set(functions.map((fn) => key(fn.Role)));
  return {
    ...all,
    roles: all.roles.filter((role) => roleArns.has(key(role.Arn))),
    functions,
    problems: all.problems.filter((p) => p.subject.kind !== 'account' || chunk.reportsAccountFindings),
  };
}

/** The findings this chunk is responsible for reporting. */
export function chunkFindings(findings: readonly Finding[], chunk: AuditChunk, functionArnsInChunk: ReadonlySet<string>): Finding[] {
  return findings.filter((finding) => {
    const arn = finding.resourceArn;
    if (/^arn:[^:]+:lambda:/.test(arn)) return functionArnsInChunk.has(arn.split(':').slice(0, 7).join(':'));
    if (/^arn:[^:]+:iam::\d+:role\//.test(arn)) return chunk.ownedRoleArns.has(key(arn));
    return chunk.reportsAccountFindings;
  });
}
