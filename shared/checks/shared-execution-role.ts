import type { CheckMetadata, RoleCheck } from './types.ts';
import { functionsUsing, partitionOf } from './role/evaluateRole.ts';
import { fillPlaceholders, shellQuoteJson } from './role/fillPlaceholders.ts';
import { LAMBDA_TRUST_POLICY } from './role/lambdaTrustPolicy.ts';
import { roleFinding } from './role/roleFinding.ts';

const metadata: CheckMetadata = {
  id: 'shared-execution-role',
  severity: 'low',
  door: 'role',
  title: 'One execution role serves several functions',
  rationale:
    'When functions share an execution role, each holds the union of what all of them need, so a flaw in the ' +
    'least trusted one exposes the data and actions of all the others, and no policy can be scoped to one ' +
    'function\'s resources. It also makes every change to the role a change to all of them. One role per function ' +
    'keeps each keycard to what its function does.',
  remediation: {
    text:
      'Give each function its own role with only the permissions it needs: create the role, attach scoped ' +
      'policies (at least AWSLambdaBasicExecutionRole), then point the function at it.',
    cli:
      'aws iam create-role --role-name <NewRoleName> --assume-role-policy-document <TrustPolicyJson> && ' +
      'aws lambda update-function-configuration --function-name <FunctionName> --role <NewRoleArn>',
  },
};

const roleNameFor = (fn: string): string => `${fn}-role`.slice(0, 64);

/** Fires when more than one function runs with the role; lists them. */
export const sharedExecutionRoleCheck: RoleCheck = {
  scope: 'role',
  metadata,
  evaluate(role, functions) {
    const users = functionsUsing(role, functions);
    if (users.length < 2) return [];
    const partition = partitionOf(role.arn);
    // The first function keeps the shared role; the others each get their own.
    const cli = users
      .slice(1)
      .map((fn) =>
        fillPlaceholders(metadata.remediation.cli, {
          NewRoleName: roleNameFor(fn.name),
          TrustPolicyJson: shellQuoteJson(LAMBDA_TRUST_POLICY),
          FunctionName: fn.name,
          NewRoleArn: `arn:${partition}:iam::${role.accountId}:role/${roleNameFor(fn.name)}`,
        }),
      )
      .join('\n');
    return [
      roleFinding(metadata, role, users, {
        detail: `Role ${role.name} is the execution role of ${users.length} functions: ${users.map((f) => f.name).join(', ')}.`,
        evidence: users.map((f) => ({ source: 'function-configuration', note: `${f.name} (${f.arn}) runs with ${role.arn}.` })),
        cli,
      }),
    ];
  },
};
