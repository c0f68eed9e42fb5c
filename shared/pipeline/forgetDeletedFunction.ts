/**
 * A function, alias or version CloudTrail says was deleted: its role index entries are removed
 * without reading it (nothing is left to read, and its role is gone with it). The index finds them
 * through the function's own item (DynamoRoleFunctionIndex); no index (a member account, a local
 * run): nothing to forget. A failed index write throws, so the event is retried.
 */
import type { AccountIdentity } from '../account/AccountReader.ts';
import type { ChangeTarget } from '../events/types.ts';
import type { RoleFunctionIndex } from './RoleFunctionIndex.ts';

export interface ForgottenFunction {
  /** What was deleted, as its ARN (qualified for an alias or version). */
  deleted: string;
  /** Entries removed from the index. */
  removed: number;
  /** Why the index was left as it was, when it was. */
  kept?: string;
}

export async function forgetDeletedFunction(
  target: Extract<ChangeTarget, { kind: 'function' }>,
  identity: AccountIdentity,
  deletedAt: Date,
  index: RoleFunctionIndex | undefined,
): Promise<ForgottenFunction> {
  const functionArn = target.functionArn ?? `arn:${identity.partition}:lambda:${identity.region}:${identity.accountId}:function:${target.functionName}`;
  const qualifier = target.qualifier === '$LATEST' ? undefined : target.qualifier;
  const deleted = qualifier === undefined ? functionArn : `${functionArn}:${qualifier}`;
  if (index === undefined) return { deleted, removed: 0, kept: 'no role index for this account' };
  const result = await index.forgetDeleted(functionArn, { deletedAt, ...(qualifier === undefined ? {} : { qualifier }) });
  return { deleted, removed: result.removed.length, ...(result.kept === undefined ? {} : { kept: result.kept }) };
}
