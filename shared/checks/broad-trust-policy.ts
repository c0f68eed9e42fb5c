import type { PolicyStatement } from '../policy/index.ts';
import { accountOfPrincipal, principalsOf } from '../policy/index.ts';
import type { CheckMetadata, Evidence, RoleCheck } from './types.ts';
import { functionsUsing } from './role/evaluateRole.ts';
import { fillPlaceholders, shellQuoteJson } from './role/fillPlaceholders.ts';
import { roleFinding } from './role/roleFinding.ts';
import { allowPins, denyPins, type PrincipalKind } from './role/trustConditionPins.ts';
import {
  ASSUME_ACTIONS,
  EDGE_LAMBDA_PRINCIPAL,
  coversAction,
  describeTrustStatement,
  trustEvidence,
  trustStatementsOf,
  type TrustStatement,
} from './role/trustStatements.ts';

const metadata: CheckMetadata = {
  id: 'broad-trust-policy',
  severity: 'high',
  door: 'role',
  title: 'Trust policy admits another account, anyone, or federated identities',
  rationale:
    'An execution role only needs to be assumable by lambda.amazonaws.com (and edgelambda.amazonaws.com for ' +
    'Lambda@Edge). A trust policy is broad when it admits, to sts:AssumeRole, AssumeRoleWithWebIdentity or ' +
    'AssumeRoleWithSAML, principals that can obtain the function\'s permissions outside the function: Principal "*" ' +
    'or a NotPrincipal Allow (critical: anyone, in any account), another account\'s principals, federated or web ' +
    'identities, or a whole account\'s principals (naming the own account or its root lets any user or role there ' +
    'whose identity policies allow sts:AssumeRole become this role) (high). Not broad: the role itself (AWS ' +
    'documents that a role must trust itself explicitly to assume itself), one named role or user of the own ' +
    'account, and AWS service principals, which act only for resources someone allowed to pass the role ' +
    'configured (a trust without Lambda is reported as lambda-cannot-assume-role). A principal counts as restricted ' +
    'only by a condition that must hold and pins concrete values: aws:PrincipalOrgID/OrgPaths/Account/Arn or ' +
    'sts:ExternalId for AWS principals, the provider\'s `sub` (or Cognito\'s `aud`) for web identity, saml:sub for ' +
    'SAML; or by a Deny that denies everyone outside such values. IfExists and ForAllValues conditions, wildcard ' +
    'values (`repo:*`) and keys Keycard does not know are not safeguards.',
  remediation: {
    text:
      'Remove the extra principals from the trust policy, or pin them with a condition such as aws:PrincipalOrgID, ' +
      'sts:ExternalId or aws:SourceArn. The command below REPLACES the trust policy with one that admits Lambda only.',
    cli: 'aws iam update-assume-role-policy --role-name <RoleName> --policy-document <TrustPolicyJson>',
  },
};

interface Admitted {
  at: TrustStatement;
  kind: PrincipalKind;
  principal: string;
  /** Why it matters, e.g. `another account (444455556666)`. */
  label: string;
  action: string;
}

const DELETED_PRINCIPAL_ID = /^A(ROA|IDA|GPA)[A-Z0-9]+$/;

/** The principals a trust statement admits that make it broad (see the rationale for what does not). */
function admittedBy(at: TrustStatement, role: { arn: string; accountId: string }): Admitted[] {
  const s = at.statement;
  const action = ASSUME_ACTIONS.find((a) => coversAction(s, a));
  if (!action) return [];
  if (s.NotPrincipal !== undefined) {
    return [{ at, kind: 'wildcard', principal: '*', label: `every principal outside NotPrincipal ${JSON.stringify(s.NotPrincipal)}`, action }];
  }
  const p = principalsOf(s);
  const out: Admitted[] = [];
  if (p.wildcard) out.push({ at, kind: 'wildcard', principal: '*', label: 'every principal ("*")', action });
  for (const a of p.aws) {
    // A unique id means the named principal was deleted: nobody can use that entry.
    if (DELETED_PRINCIPAL_ID.test(a) || a === role.arn) continue;
    const account = accountOfPrincipal(a);
    if (account === role.accountId) {
      // One named principal of the own account is a deliberate, bounded grant; the whole account is not.
      if (!/:root$/.test(a) && a !== role.accountId) continue;
      out.push({ at, kind: 'aws', principal: a, label: `the role's own account (${a}): any principal there allowed sts:AssumeRole can become this role`, action });
      continue;
    }
    out.push({ at, kind: 'aws', principal: a, label: `another account's principal ${a}`, action });
  }
  for (const f of p.federated) out.push({ at, kind: 'federated', principal: f, label: `federated identities of ${f}`, action });
  for (const c of p.canonicalUser) out.push({ at, kind: 'aws', principal: c, label: `canonical user ${c}`, action });
  return out;
}

/** Whether a Deny statement's principal covers this admitted principal. */
function denyCovers(s: PolicyStatement, a: Admitted): boolean {
  if (s.NotPrincipal !== undefined) {
    const not = principalsOf({ ...s, Principal: s.NotPrincipal });
    return !not.wildcard && ![...not.aws, ...not.service, ...not.federated].includes(a.principal);
  }
  const p = principalsOf(s);
  return p.wildcard || [...p.aws, ...p.service, ...p.federated, ...p.canonicalUser].includes(a.principal);
}

/** Fires when the trust policy admits another account, anyone or federated identities without a restricting condition. */
export const broadTrustPolicyCheck: RoleCheck = {
  scope: 'role',
  metadata,
  evaluate(role, functions) {
    const statements = trustStatementsOf(role.trustPolicy);
    const denies = statements.filter((t) => t.statement.Effect === 'Deny');
    const open: Admitted[] = [];
    const evidence: Evidence[] = [];
    for (const t of statements.filter((x) => x.statement.Effect === 'Allow')) {
      for (const a of admittedBy(t, role)) {
        if (allowPins(t.statement, a.kind, a.principal).length > 0) continue;
        const deny = denies.find(
          (d) =>
            coversAction(d.statement, a.action) &&
            denyCovers(d.statement, a) &&
            (d.statement.Condition === undefined || denyPins(d.statement, a.kind, a.principal).length > 0),
        );
        if (deny) continue;
        open.push(a);
        const conditions = t.statement.Condition
          ? `its conditions do not restrict it (${JSON.stringify(t.statement.Condition)})`
          : 'no condition restricts it';
        evidence.push(trustEvidence(t, `Admits ${a.label} to ${a.action}; ${conditions}.`));
      }
    }
    if (open.length === 0) return [];
    const critical = open.some((a) => a.kind === 'wildcard');
    const keepEdge = statements.some((t) => t.statement.Effect === 'Allow' && principalsOf(t.statement).service.some((s) => s.toLowerCase() === EDGE_LAMBDA_PRINCIPAL));
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: keepEdge ? ['lambda.amazonaws.com', EDGE_LAMBDA_PRINCIPAL] : 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const where = [...new Set(open.map((a) => describeTrustStatement(a.at)))].join(', ');
    return [
      roleFinding(metadata, role, functionsUsing(role, functions), {
        severity: critical ? 'critical' : 'high',
        detail: `Role ${role.name}'s trust policy (${where}) admits ${open.map((a) => a.label).join('; ')} without a restricting condition.`,
        evidence,
        cli: fillPlaceholders(metadata.remediation.cli, { RoleName: role.name, TrustPolicyJson: shellQuoteJson(trust) }),
      }),
    ];
  },
};

