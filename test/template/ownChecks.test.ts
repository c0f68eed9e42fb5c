/**
 * Keycard's own roles must pass Keycard's own checks: every role of template.yaml (with the
 * policies each parameter combination actually creates) and every stack function, evaluated by
 * the same registry and engine users run. Nothing at or above `low` is accepted, except the findings
 * listed in ACCEPTED, each with its reason.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/checks/types.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { isAtLeast } from '../../shared/engine/severityRank.ts';
import type { AccountFacts } from '../../shared/facts/types.ts';
import { templateRoles } from './templateRoles.ts';

const PARAMETER_SETS: Record<string, string>[] = [
  {},
  { RemediationMode: 'remediate' },
  { RemediationMode: 'remediate', RemediationStyle: 'inline-scoped' },
  { RemediationMode: 'remediate', DryRun: 'true' },
  { AuditSchedule: '' },
  { AlertEmail: 'security@example.com', TrustedAccountIds: '444455556666' },
  { TrustedOrgIds: 'o-a1b2c3d4e5' },
  { WatchedRegions: 'all', AuditQualifiers: 'all' },
  { OrganizationMode: 'true', OrganizationId: 'o-a1b2c3d4e5' },
  { OrganizationMode: 'true', OrganizationId: 'o-a1b2c3d4e5', RemediationMode: 'remediate' },
  { OrganizationMode: 'true', OrganizationId: 'o-a1b2c3d4e5', OrganizationAccountIds: '444455556666,777788889999' },
];

/**
 * RemediationStyle=inline-scoped needs iam:PutRolePolicy on the account's roles, and IAM cannot
 * restrict what such a policy says: the remediating roles could write any inline policy on any other
 * role, which privilege-escalation rightly reports. Issue 4 accepts this power for that opt-in style
 * only (a CloudFormation condition grants it; the README says what it gives). The default
 * (managed-policy) grant is iam:AttachRolePolicy limited to one policy ARN and is clean.
 */
const ACCEPTED: Record<string, string[]> = {
  [JSON.stringify({ RemediationMode: 'remediate', RemediationStyle: 'inline-scoped' })]: [
    'high privilege-escalation on arn:aws:iam::111122223333:role/keycard-OnFunctionChangeRole-SAMPLE1234',
    'high privilege-escalation on arn:aws:iam::111122223333:role/keycard-OnRoleChangeRole-SAMPLE1234',
  ],
};

function stackFacts(parameters: Record<string, string>): AccountFacts {
  const roles = templateRoles(parameters);
  return {
    accountId: '111122223333',
    region: 'us-east-1',
    partition: 'aws',
    roles: new Map(roles.map((role) => [role.facts.arn, role.facts])),
    functions: roles.flatMap((role) => role.functions),
    incomplete: [],
  };
}

const describeFinding = (f: Finding) => `${f.severity} ${f.checkId} on ${f.resourceArn}`;

describe("Keycard's own checks on the stack's roles", () => {
  it.each(PARAMETER_SETS.map((parameters) => [JSON.stringify(parameters), parameters] as const))(
    'find nothing at or above low (beyond the accepted) with parameters %s',
    (_label, parameters) => {
      const facts = stackFacts(parameters);
      // The checks really ran on every function and every role that serves one.
      expect(facts.functions.map((fn) => fn.name).sort()).toHaveLength(3);
      const result = evaluateAccount(facts, { trustedAccountIds: parameters.TrustedAccountIds ? [parameters.TrustedAccountIds] : [] });
      expect(result.summary.functionsEvaluated).toBe(3);
      expect(result.summary.rolesEvaluated).toBe(3);
      const serious = result.findings.filter((f) => isAtLeast(f.severity, 'low')).map(describeFinding).sort();
      expect(serious).toEqual(ACCEPTED[JSON.stringify(parameters)] ?? []);
    },
  );

  it('would notice if a stack role were given admin access (the test can fail)', () => {
    const facts = stackFacts({});
    const [first] = [...facts.roles.values()];
    first!.policies.push({ name: 'oops', kind: 'inline', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } });
    const findings = evaluateAccount(facts, { trustedAccountIds: [] }).findings;
    expect(findings.some((f) => f.checkId === 'admin-access' && f.resourceArn === first!.arn)).toBe(true);
  });
});
