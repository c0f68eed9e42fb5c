/**
 * Facts for an IAM change: the changed roles, every function they serve, and those functions'
 * locks (so the alert can rank a public function with an admin role first). Roles Lambda cannot
 * assume are skipped without listing functions, except after UpdateAssumeRolePolicy — the one
 * change that can break a role that still serves functions.
 */
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { readAccountRecords } from '../account/readAccountRecords.ts';
import type { RoleRecord } from '../account/records.ts';
import { toAccountFacts } from '../facts/toAccountFacts.ts';
import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument } from '../policy/index.ts';
import { mayBeLambdaRole } from './mayBeLambdaRole.ts';
import type { TargetedRead } from './TargetedRead.ts';
import { withVisibilityRetry } from './withVisibilityRetry.ts';
import type { VisibilityRetryOptions } from './withVisibilityRetry.ts';

export interface RoleChangeOptions extends VisibilityRetryOptions {
  identity: AccountIdentity;
  /** CloudTrail eventName that triggered the read. */
  eventName: string;
}

export async function readRoleChangeFacts(
  reader: AccountReader,
  roleNames: readonly string[],
  options: RoleChangeOptions,
): Promise<TargetedRead> {
  const found: RoleRecord[] = [];
  const skipped: string[] = [];
  for (const name of new Set(roleNames)) {
    // IAM is eventually consistent: a role read right after CreateRole may not be visible yet.
    const role = await withVisibilityRetry(() => reader.getRole(name), options);
    if (role === undefined) skipped.push(`role ${name} does not exist (deleted, or still not visible after retries)`);
    else if (!mayBeLambdaRole(trustPolicyOf(role)) && options.eventName !== 'UpdateAssumeRolePolicy') {
      skipped.push(`role ${name} is not a Lambda role (its trust policy does not admit lambda.amazonaws.com)`);
    } else found.push(role);
  }
  if (found.length === 0) return { outcome: 'skip', reason: skipped.join('; ') || 'no role named by the event' };

  const roleArns = new Set(found.map((role) => role.Arn.toLowerCase()));
  const functions = (await reader.listFunctions()).filter((fn) => roleArns.has(fn.Role.toLowerCase()));
  if (functions.length === 0) {
    return { outcome: 'skip', reason: `${found.map((r) => r.RoleName).join(', ')} serves no function yet (CreateFunction will evaluate it)` };
  }
  const records = await readAccountRecords(reader, { functions, roles: found });
  return { outcome: 'evaluate', facts: toAccountFacts(options.identity, records) };
}

function trustPolicyOf(role: RoleRecord): PolicyDocument | undefined {
  if (role.AssumeRolePolicyDocument === undefined) return undefined;
  try {
    return parsePolicyDocument(role.AssumeRolePolicyDocument, `trust policy of role ${role.RoleName}`);
  } catch {
    return undefined; // unreadable: evaluate, and evaluation-incomplete will say why
  }
}
