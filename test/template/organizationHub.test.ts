/**
 * template.yaml's organization mode (OrganizationMode=true): absent by default; when on, a bus that
 * admits the organization only, rules on it with the same patterns and handlers as the default bus,
 * sts:AssumeRole limited to the members' Keycard roles, and the outputs the member StackSet needs.
 */
import { describe, expect, it } from 'vitest';
import { eventBridgePatternFor } from '../../shared/events/eventBridgePatternFor.ts';
import type { EventHandlerName } from '../../shared/events/cloudTrailEventTable.ts';
import { evaluateIdentityPolicies, type PolicyStatement } from '../../shared/policy/index.ts';
import { loadCloudTrailSamples } from '../events/loadEventFiles.ts';
import { loadTemplate, REPO_ROOT } from './loadTemplate.ts';
import { matchEventPattern } from './matchEventPattern.ts';
import { IntrinsicResolver } from './resolveIntrinsics.ts';
import { templateRoles, type TemplateRole } from './templateRoles.ts';

const template = loadTemplate();
const member = loadTemplate(`${REPO_ROOT}templates/organization-member.yaml`);
const ORG = 'o-a1b2c3d4e5';
const ORG_MODE = { OrganizationMode: 'true', OrganizationId: ORG };
const ORGANIZATION_RESOURCES = Object.entries(template.Resources).filter(([, r]) => JSON.stringify(r).includes('Organization') && r.Condition !== undefined).map(([id]) => id);

const ORG_RULES: Record<EventHandlerName, [rule: string, fn: string]> = {
  'on-role-change': ['OrganizationIamChangeRule', 'OnRoleChangeFunction'],
  'on-function-change': ['OrganizationLambdaChangeRule', 'OnFunctionChangeFunction'],
};
const byId = (roles: TemplateRole[], id: string) => roles.find((r) => r.logicalId === id)!;
const assumes = (role: TemplateRole, resource: string, orgId: string) =>
  evaluateIdentityPolicies({ action: 'sts:AssumeRole', resource, context: { 'aws:ResourceOrgID': orgId } }, role.facts.policies).decision;

describe('template.yaml OrganizationMode', () => {
  it('defaults to false, and then creates none of its resources or grants (single-account mode unchanged)', () => {
    expect(template.Parameters!.OrganizationMode!.Default).toBe('false');
    const single = new IntrinsicResolver(template);
    expect(ORGANIZATION_RESOURCES.length).toBeGreaterThanOrEqual(9);
    for (const id of ORGANIZATION_RESOURCES) expect(single.exists(id), id).toBe(false);
    const variables = single.resolve(template.Globals!.Function!.Environment) as { Variables: Record<string, unknown> };
    // The handlers read the other organization settings only when ORGANIZATION_MODE is 'true'.
    expect(variables.Variables.ORGANIZATION_MODE).toBe('false');
    for (const name of Object.keys(template.Outputs!).filter((o) => (template.Outputs![o] as { Condition?: string }).Condition === 'IsOrganizationMode')) {
      expect(['OrganizationEventBusArn', 'HubAccountId', 'OrganizationId']).toContain(name);
    }
    for (const role of templateRoles()) expect(JSON.stringify(role.facts.policies)).not.toContain('sts:AssumeRole');
  });

  it('requires an organization id and the managed-policy remediation style (template Rules)', () => {
    const rule = template.Rules!.OrganizationModeNeedsOrganizationId as { RuleCondition: unknown; Assertions: { Assert: unknown }[] };
    expect(rule.RuleCondition).toEqual({ 'Fn::Equals': [{ Ref: 'OrganizationMode' }, 'true'] });
    expect(rule.Assertions.map((a) => a.Assert)).toEqual([
      { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] },
      { 'Fn::Equals': [{ Ref: 'RemediationStyle' }, 'managed-policy'] },
    ]);
  });

  it('creates a bus whose policy admits principals of the organization only', () => {
    const resolver = new IntrinsicResolver(template, ORG_MODE);
    expect(resolver.exists('OrganizationEventBus')).toBe(true);
    const policy = template.Resources.OrganizationEventBusPolicy!;
    expect(policy.Condition).toBe('IsOrganizationMode');
    expect(policy.Properties!.Statement).toEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': ['OrganizationEventBus', 'Arn'] },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
    });
  });

  it.each(Object.entries(ORG_RULES))('routes the %s pattern on the organization bus to the same handler as the default bus', (handler, [ruleId, fn]) => {
    const rule = template.Resources[ruleId]!;
    expect(rule.Condition).toBe('IsOrganizationMode');
    expect(rule.Properties!.EventBusName).toEqual({ Ref: 'OrganizationEventBus' });
    expect(rule.Properties!.EventPattern).toEqual(eventBridgePatternFor(handler as EventHandlerName));
    expect((rule.Properties!.Targets as { Arn: unknown }[])[0]!.Arn).toEqual({ 'Fn::GetAtt': [fn, 'Arn'] });
  });

  it.each(loadCloudTrailSamples())('events/$name.json, forwarded from a member, reaches one organization rule', ({ event }) => {
    const forwarded = { ...(event as Record<string, unknown>), account: '444455556666' };
    const rules = Object.values(ORG_RULES).filter(([id]) => matchEventPattern(template.Resources[id]!.Properties!.EventPattern as Record<string, unknown>, forwarded));
    expect(rules).toHaveLength(1);
  });

  it("lets every function assume the members' read role, and only the change handlers their remediation role (when remediating), inside the organization only", () => {
    const roles = templateRoles({ ...ORG_MODE, RemediationMode: 'remediate' });
    const read = 'arn:aws:iam::444455556666:role/KeycardReadRole';
    const remediation = 'arn:aws:iam::444455556666:role/KeycardRemediationRole';
    for (const id of ['OnRoleChangeRole', 'OnFunctionChangeRole', 'AuditRole']) {
      const role = byId(roles, id);
      expect(assumes(role, read, ORG), id).toBe('Allowed');
      expect(assumes(role, read, 'o-zzzzzzzzzz'), id).not.toBe('Allowed');
      expect(assumes(role, 'arn:aws:iam::444455556666:role/OrganizationAccountAccessRole', ORG), id).not.toBe('Allowed');
      expect(assumes(role, remediation, ORG), id).toBe(id === 'AuditRole' ? 'ImplicitlyDenied' : 'Allowed');
    }
    // Without remediation no function may assume the remediation role.
    for (const role of templateRoles(ORG_MODE)) expect(assumes(role, remediation, ORG), role.logicalId).toBe('ImplicitlyDenied');
  });

  it('lets the audit list the organization accounts only when OrganizationAccountIds does not name them', () => {
    const lists = (parameters: Record<string, string>) =>
      byId(templateRoles(parameters), 'AuditRole').facts.policies.flatMap((p) => [p.document.Statement].flat() as PolicyStatement[]).some((s) => JSON.stringify(s.Action).includes('organizations:ListAccounts'));
    expect(lists(ORG_MODE)).toBe(true);
    expect(lists({ ...ORG_MODE, OrganizationAccountIds: '444455556666' })).toBe(false);
    expect(lists({})).toBe(false);
  });

  it('outputs every value the member StackSet needs (its parameters without defaults)', () => {
    const OUTPUT_OF: Record<string, string> = { HubEventBusArn: 'OrganizationEventBusArn', HubAccountId: 'HubAccountId', HubRoleArns: 'StackRoleArns', OrganizationId: 'OrganizationId' };
    const required = Object.entries(member.Parameters!).filter(([, p]) => p.Default === undefined).map(([name]) => name);
    expect(required.sort()).toEqual(Object.keys(OUTPUT_OF).sort());
    for (const output of Object.values(OUTPUT_OF)) expect(template.Outputs![output], output).toBeDefined();
    // The member's role names default to the hub's (and the CLI's --role-name default, KeycardReadRole).
    for (const name of ['ReadRoleName', 'RemediationRoleName']) expect(member.Parameters![name]!.Default).toBe(template.Parameters![name]!.Default);
  });
});
