/**
 * How a whole-account audit is cut into chunks that can run in separate invocations without
 * auditing anything twice or skipping anything: functions in name order; a role is reported by the
 * first chunk that holds one of its functions and has not seen it reported yet (evaluated against
 * every function it serves, so `shared-execution-role` still sees them all). Which roles are
 * reported travels with the continuation, so functions created or deleted between invocations can
 * neither hide a role nor report it twice.
 */
import type { AccountRecords, FunctionConfigurationRecord } from '../account/records.ts';
import type { Finding } from '../checks/types.ts';
import { unqualifiedFunctionArn } from '../facts/unqualifiedFunctionArn.ts';
import { reportedRoleKey } from './reportedRoleKey.ts';

export interface AuditChunk {
  functions: FunctionConfigurationRecord[];
  /** Lower-cased ARNs of the roles whose findings this chunk reports. */
  ownedRoleArns: Set<string>;
  /** The first chunk of the audit also reports account-level gaps. */
  reportsAccountFindings: boolean;
}

const key = (arn: string) => arn.toLowerCase();

/**
 * The chunk of `functions`, owning the roles they (and `versions`, their published versions read
 * with them, which keep the role they were published with) use that earlier chunks have not
 * reported (`reportedRoles` holds reportedRoleKey values).
 */
export function makeChunk(
  functions: FunctionConfigurationRecord[],
  reportedRoles: ReadonlySet<string>,
  reportsAccountFindings: boolean,
  versions: readonly FunctionConfigurationRecord[] = [],
): AuditChunk {
  const ownedRoleArns = new Set(
    [...functions, ...versions].map((fn) => key(fn.Role)).filter((role) => !reportedRoles.has(reportedRoleKey(role))),
  );
  return { functions, ownedRoleArns, reportsAccountFindings };
}

/**
 * The records one chunk is evaluated on: its functions (with their locks) plus, without locks,
 * the other functions of the roles it owns; the roles and policies those need.
 */
export function chunkRecords(all: AccountRecords, chunk: AuditChunk): AccountRecords {
  const inChunk = new Set(chunk.functions.map((fn) => fn.FunctionName));
  const functions = all.functions.filter((fn) => inChunk.has(fn.FunctionName) || chunk.ownedRoleArns.has(key(fn.Role)));
  // Versions (only the chunk's are read) keep their own roles: those are needed too.
  const roleArns = new Set([...functions, ...(all.qualifiers?.versions ?? [])].map((fn) => key(fn.Role)));
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
    if (/^arn:[^:]+:lambda:/.test(arn)) return functionArnsInChunk.has(unqualifiedFunctionArn(arn));
    if (/^arn:[^:]+:iam::\d+:role\//.test(arn)) return chunk.ownedRoleArns.has(key(arn));
    return chunk.reportsAccountFindings;
  });
}
