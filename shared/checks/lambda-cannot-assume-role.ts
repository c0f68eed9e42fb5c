import type { CheckMetadata, RoleCheck } from './types.ts';
import { functionsUsing } from './role/evaluateRole.ts';
import { fillPlaceholders, shellQuoteJson } from './role/fillPlaceholders.ts';
import { LAMBDA_TRUST_POLICY } from './role/lambdaTrustPolicy.ts';
import { roleFinding } from './role/roleFinding.ts';
import {
  LAMBDA_PRINCIPALS,
  coversAction,
  describeTrustStatement,
  namesService,
  trustEvidence,
  trustStatementsOf,
} from './role/trustStatements.ts';

const metadata: CheckMetadata = {
  id: 'lambda-cannot-assume-role',
  severity: 'high',
  door: 'role',
  title: 'Lambda cannot assume the execution role',
  rationale:
    'Lambda obtains the function\'s credentials by assuming its execution role as the service principal ' +
    'lambda.amazonaws.com. If no trust policy statement allows sts:AssumeRole to that principal (directly, via ' +
    'Principal "*", or via a NotPrincipal that does not list it), or every such Allow is cancelled by an ' +
    'unconditional Deny, invocations fail with a permissions error and deployments that point at the role are ' +
    'rejected. An Allow that carries a condition still counts as an Allow here, and a Deny that carries one does ' +
    'not count as a cancellation: Keycard reports only what it can prove. A trust policy that could not be read is ' +
    'reported by evaluation-incomplete instead.',
  remediation: {
    text:
      'Add a statement allowing sts:AssumeRole to the service principal lambda.amazonaws.com (and remove any Deny ' +
      'that names it). The command below REPLACES the trust policy: merge in any other statements you still need.',
    cli: 'aws iam update-assume-role-policy --role-name <RoleName> --policy-document <TrustPolicyJson>',
  },
};

/** Fires when the trust policy provably does not let Lambda assume the role. */
export const lambdaCannotAssumeRoleCheck: RoleCheck = {
  scope: 'role',
  metadata,
  evaluate(role, functions) {
    if (!role.trustPolicy) return [];
    const statements = trustStatementsOf(role.trustPolicy);
    const forLambda = (effect: 'Allow' | 'Deny') =>
      statements.filter(
        (t) =>
          t.statement.Effect === effect &&
          coversAction(t.statement, 'sts:AssumeRole') &&
          LAMBDA_PRINCIPALS.some((p) => namesService(t.statement, p)),
      );
    const allows = forLambda('Allow');
    const denies = forLambda('Deny').filter((t) => t.statement.Condition === undefined);
    if (allows.length > 0 && denies.length === 0) return [];
    const evidence =
      allows.length === 0
        ? [{ source: 'trust-policy', note: `No trust policy statement allows sts:AssumeRole to lambda.amazonaws.com (${statements.length} statement${statements.length === 1 ? '' : 's'} read).` }]
        : [
            ...allows.map((t) => trustEvidence(t, 'Allows lambda.amazonaws.com to assume the role...')),
            ...denies.map((t) => trustEvidence(t, '...but this unconditional Deny covers lambda.amazonaws.com and sts:AssumeRole.')),
          ];
    const why =
      allows.length === 0
        ? 'no statement allows sts:AssumeRole to lambda.amazonaws.com'
        : `the Allow is cancelled by ${denies.map(describeTrustStatement).join(', ')}`;
    return [
      roleFinding(metadata, role, functionsUsing(role, functions), {
        detail: `Lambda cannot assume role ${role.name}: ${why}.`,
        evidence,
        cli: fillPlaceholders(metadata.remediation.cli, { RoleName: role.name, TrustPolicyJson: shellQuoteJson(LAMBDA_TRUST_POLICY) }),
      }),
    ];
  },
};
