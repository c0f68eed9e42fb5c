import type { PolicySource, PolicyStatement, StatementMatch } from '../../policy/index.ts';
import { statementsOf } from '../../policy/index.ts';

/** The statement a match points at, looked up among the policies it was evaluated against. */
export function findStatement(policies: readonly (PolicySource | undefined)[], m: StatementMatch): PolicyStatement | undefined {
  const policy = policies.find(
    (p) => p !== undefined && p.kind === m.policyKind && p.name === m.policyName && p.arn === m.policyArn,
  );
  return policy ? statementsOf(policy.document)[m.statementIndex] : undefined;
}

const list = (v: string | string[] | undefined): string => JSON.stringify(v);

/** `Action "*" on Resource "*"`, `NotAction ["iam:*",...] on Resource "*"`, plus `with conditions` when any. */
export function describeStatementShape(s: PolicyStatement): string {
  const action = s.Action !== undefined ? `Action ${list(s.Action)}` : `NotAction ${list(s.NotAction)}`;
  const resource =
    s.Resource !== undefined ? `Resource ${list(s.Resource)}`
    : s.NotResource !== undefined ? `NotResource ${list(s.NotResource)}`
    : 'no Resource';
  const conditions = s.Condition !== undefined ? ` with Condition ${JSON.stringify(s.Condition)}` : '';
  return `${s.Effect} ${action} on ${resource}${conditions}`;
}
