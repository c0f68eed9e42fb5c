import type { PolicyDocument } from '../../policy/types.ts';
import { coversResource, grantsAction } from './grantsAction.ts';
import { isPublicPrincipal } from './isPublicPrincipal.ts';
import { lockStatementsOf, type LockStatement } from './LockStatement.ts';

/**
 * A Deny that shuts `action` on `arn` for everyone whatever the request. Only such a Deny counts as
 * a safeguard: a Deny that depends on a condition may not apply, so it never hides a finding.
 */
export function unconditionalDenyOf(doc: PolicyDocument | undefined, action: string, arn: string): LockStatement | undefined {
  return lockStatementsOf(doc).find(
    ({ statement }) =>
      statement.Effect === 'Deny' &&
      statement.NotPrincipal === undefined &&
      isPublicPrincipal(statement) &&
      (statement.Condition === undefined || Object.keys(statement.Condition).length === 0) &&
      grantsAction(statement, action) &&
      coversResource(statement, arn),
  );
}
