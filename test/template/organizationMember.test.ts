/**
 * templates/organization-member.yaml, the spoke a service-managed StackSet deploys in every member
 * account and region: the same event patterns as the hub (eventBridgePatternFor, one source of
 * truth), forwarded to the hub's bus; a read role with exactly the reads the hub's functions make;
 * a remediation role only when asked, with template.yaml's iam:PolicyARN pin; both trusting only the
 * hub's function roles inside the organization; and Keycard's own checks passing on both.
 */
import { readFileSync } from 'node:fs';
import * as iamSdk from '@aws-sdk/client-iam';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/checks/types.ts';
import { CHECKS } from '../../shared/checks/registry.ts';
import { isAtLeast } from '../../shared/engine/severityRank.ts';
import { CLOUDTRAIL_EVENT_TABLE, type EventHandlerName } from '../../shared/events/cloudTrailEventTable.ts';
import { eventBridgePatternFor } from '../../shared/events/eventBridgePatternFor.ts';
import type { AccountFacts } from '../../shared/facts/types.ts';
import { evaluateIdentityPolicies, parsePolicyDocument, type PolicySource, type PolicyStatement } from '../../shared/policy/index.ts';
import { loadCloudTrailSamples } from '../events/loadEventFiles.ts';
import { loadTemplate, REPO_ROOT } from './loadTemplate.ts';
import { matchEventPattern } from './matchEventPattern.ts';
import { IntrinsicResolver, SAMPLE_PSEUDO_PARAMETERS } from './resolveIntrinsics.ts';
import { templateRoles, type TemplateRole } from './templateRoles.ts';

const MEMBER_PATH = `${REPO_ROOT}templates/organization-member.yaml`;
const member = loadTemplate(MEMBER_PATH);
const main = loadTemplate();

const HUB = '999988887777';
const MEMBER = '444455556666';
const ORG = 'o-a1b2c3d4e5';
const HUB_ROLES = [`arn:aws:iam::${HUB}:role/keycard-OnRoleChangeRole-AB12`, `arn:aws:iam::${HUB}:role/keycard-OnFunctionChangeRole-CD34`, `arn:aws:iam::${HUB}:role/keycard-AuditRole-EF56`];
const REQUIRED = {
  HubEventBusArn: `arn:aws:events:eu-west-1:${HUB}:event-bus/keycard-organization`,
  HubAccountId: HUB,
  HubRoleArns: HUB_ROLES.join(','),
  OrganizationId: ORG,
};
const IN_MEMBER = (region = 'us-east-1') => ({ ...SAMPLE_PSEUDO_PARAMETERS, 'AWS::AccountId': MEMBER, 'AWS::Region': region, 'AWS::StackName': 'StackSet-keycard-member-1a2b3c' });
const rolesOf = (parameters: Record<string, string> = {}, region = 'us-east-1') => templateRoles({ ...REQUIRED, ...parameters }, MEMBER_PATH, IN_MEMBER(region));
const byId = (roles: TemplateRole[], id: string) => roles.find((r) => r.logicalId === id);
const resolver = (parameters: Record<string, string> = {}, region = 'us-east-1') => new IntrinsicResolver(member, { ...REQUIRED, ...parameters }, IN_MEMBER(region));
const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
const statementsOf = (role: TemplateRole): PolicyStatement[] => role.facts.policies.flatMap((p) => [p.document.Statement].flat());
const allow = (role: TemplateRole, action: string, resource: string, context?: Record<string, string>) =>
  evaluateIdentityPolicies({ action, resource, ...(context ? { context } : {}) }, role.facts.policies).decision === 'Allowed';
const mayAllow = (role: TemplateRole, action: string, resource = '*') =>
  evaluateIdentityPolicies({ action, resource }, role.facts.policies).decision !== 'ImplicitlyDenied';

const FORWARDING_RULES: Record<EventHandlerName, string> = { 'on-role-change': 'ForwardIamEventsRule', 'on-function-change': 'ForwardLambdaEventsRule' };

describe('templates/organization-member.yaml: events to the hub', () => {
  it.each(Object.entries(FORWARDING_RULES))('the %s rule forwards exactly eventBridgePatternFor() (the hub rules use the same)', (handler, ruleId) => {
    expect(member.Resources[ruleId]!.Properties!.EventPattern).toEqual(eventBridgePatternFor(handler as EventHandlerName));
  });

  it('forwards IAM events in us-east-1 only (the only region IAM events reach), Lambda events in every region', () => {
    expect(resolver({}, 'us-east-1').exists('ForwardIamEventsRule')).toBe(true);
    expect(resolver({}, 'eu-west-1').exists('ForwardIamEventsRule')).toBe(false);
    expect(resolver({}, 'eu-west-1').exists('ForwardLambdaEventsRule')).toBe(true);
  });

  it.each(loadCloudTrailSamples())('forwards events/$name.json through the rule of its handler only', ({ name, event }) => {
    const handler = CLOUDTRAIL_EVENT_TABLE.find((e) => e.eventName === name)?.handler;
    const matched = Object.entries(FORWARDING_RULES)
      .filter(([, id]) => matchEventPattern(member.Resources[id]!.Properties!.EventPattern as Record<string, unknown>, event))
      .map(([h]) => h);
    expect(matched).toEqual([handler]);
  });

  it.each(Object.entries(member.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule'))(
    '%s targets the hub bus through the forwarding role, retried and dead-lettered',
    (_id, rule) => {
      const targets = rule.Properties!.Targets as Record<string, unknown>[];
      expect(targets).toHaveLength(1);
      expect(targets[0]).toMatchObject({
        Arn: { Ref: 'HubEventBusArn' },
        RoleArn: { 'Fn::GetAtt': ['ForwardEventsRole', 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'Arn'] } },
      });
    },
  );

  it('lets the forwarding role put events on the hub bus and nothing else, assumed by EventBridge of this account only', () => {
    const role = byId(rolesOf(), 'ForwardEventsRole')!;
    expect(statementsOf(role)).toEqual([{ Sid: 'KeycardHubBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: REQUIRED.HubEventBusArn }]);
    expect(role.facts.trustPolicy?.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': MEMBER } } },
    ]);
  });

  it('lets only its own rules dead-letter into the queue, in every region', () => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const r = resolver({}, region);
      const statement = (r.resolve(member.Resources.ForwardDeadLetterQueuePolicy!.Properties!.PolicyDocument) as { Statement: PolicyStatement[] }).Statement[0]!;
      const rules = Object.entries(member.Resources).filter(([id, res]) => res.Type === 'AWS::Events::Rule' && r.exists(id)).map(([id]) => r.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
      expect((statement.Condition as { ArnEquals: Record<string, unknown> }).ArnEquals['aws:SourceArn']).toEqual(rules);
    }
  });
});

describe('templates/organization-member.yaml: the roles the hub assumes', () => {
  const readRole = () => byId(rolesOf(), 'ReadRole')!;
  const hubTrust = {
    Sid: 'KeycardHubFunctionsOnly',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${HUB}:root` },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG }, ArnEquals: { 'aws:PrincipalArn': HUB_ROLES } },
  };

  it('creates the roles once, in us-east-1 (IAM is global: a StackSet instance per region must not collide), named as the hub and CLI expect', () => {
    expect(rolesOf({}, 'eu-west-1').map((r) => r.logicalId)).toEqual(['ForwardEventsRole']);
    expect(readRole().facts.arn).toBe(`arn:aws:iam::${MEMBER}:role/KeycardReadRole`);
    expect(member.Parameters!.ReadRoleName!.Default).toBe('KeycardReadRole');
    expect(main.Parameters!.ReadRoleName!.Default).toBe('KeycardReadRole');
    expect(member.Parameters!.RemediationRoleName!.Default).toBe(main.Parameters!.RemediationRoleName!.Default);
  });

  it('trusts only the hub function roles, inside the organization', () => {
    expect(readRole().facts.trustPolicy?.Statement).toEqual([hubTrust]);
    expect(byId(rolesOf({ RemediationMode: 'remediate' }), 'RemediationRole')!.facts.trustPolicy?.Statement).toEqual([hubTrust]);
  });

  it('also trusts ReaderRoleArns (the CLI) when given, by exact role, inside the organization; never for remediation', () => {
    const cli = `arn:aws:iam::${HUB}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_0123456789abcdef`;
    const roles = rolesOf({ ReaderRoleArns: cli, RemediationMode: 'remediate' });
    expect(byId(roles, 'ReadRole')!.facts.trustPolicy?.Statement).toEqual([
      hubTrust,
      { Sid: 'KeycardCliReaders', Effect: 'Allow', Principal: { AWS: [cli] }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } },
    ]);
    expect(byId(roles, 'RemediationRole')!.facts.trustPolicy?.Statement).toEqual([hubTrust]);
  });

  it('creates the remediation role only with RemediationMode=remediate', () => {
    expect(byId(rolesOf(), 'RemediationRole')).toBeUndefined();
    expect(byId(rolesOf({ RemediationMode: 'remediate' }), 'RemediationRole')!.facts.arn).toBe(`arn:aws:iam::${MEMBER}:role/KeycardRemediationRole`);
    expect(byId(rolesOf({ RemediationMode: 'remediate' }, 'eu-west-1'), 'RemediationRole')).toBeUndefined();
  });

  // docs/keycard-reader-policy.json is what the CLI's live reader calls (test/docs/readerPolicy.test.ts
  // records them); the hub's functions additionally make targeted reads (template.yaml's ReadAccessPolicy).
  const readerPolicy = JSON.parse(readFileSync(`${REPO_ROOT}docs/keycard-reader-policy.json`, 'utf8')) as { Statement: { Action: string[] }[] };
  const readerActions = readerPolicy.Statement.flatMap((s) => s.Action).filter((a) => a !== 'sts:GetCallerIdentity'); // needs no permission

  it.each(readerActions)('the read role allows %s of docs/keycard-reader-policy.json in the member account', (action) => {
    // Actions with resource-level permissions are asked on a function of the member account (any region).
    const perFunction = action.startsWith('lambda:') && !['lambda:ListFunctions', 'lambda:ListEventSourceMappings'].includes(action);
    expect(allow(readRole(), action, perFunction ? `arn:aws:lambda:eu-west-1:${MEMBER}:function:orders-api` : '*')).toBe(true);
  });

  it("grants exactly the reads of the hub's own functions in their own account (template.yaml), no more", () => {
    const hubReads = new Set(
      templateRoles()
        .flatMap(statementsOf)
        .filter((s) => s.Effect === 'Allow')
        .flatMap((s) => list(s.Action as string | string[]))
        .filter((a) => /^(iam|lambda|cloudtrail|organizations):/.test(a) && a !== 'lambda:InvokeFunction' && a !== 'organizations:ListAccounts'),
    );
    const granted = statementsOf(readRole()).flatMap((s) => list(s.Action as string | string[]));
    expect(statementsOf(readRole()).every((s) => s.Effect === 'Allow')).toBe(true);
    expect([...new Set(granted)].sort()).toEqual([...hubReads].sort());
    for (const action of readerActions) expect(hubReads).toContain(action);
  });

  it('allows no other IAM or Lambda operation: every write is denied', () => {
    const reads = new Set(statementsOf(readRole()).flatMap((s) => list(s.Action as string | string[])));
    const others = [
      ...Object.keys(iamSdk).filter((n) => /^[A-Z]\w*Command$/.test(n)).map((n) => `iam:${n.replace(/Command$/, '')}`),
      ...Object.keys(lambdaSdk).filter((n) => /^[A-Z]\w*Command$/.test(n)).map((n) => `lambda:${n.replace(/Command$/, '')}`),
    ].filter((action) => !reads.has(action));
    expect(others.length).toBeGreaterThan(200);
    expect(others.filter((action) => mayAllow(readRole(), action))).toEqual([]);
    for (const write of ['iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:PassRole', 'sts:AssumeRole', 'lambda:InvokeFunction', 'lambda:InvokeFunctionUrl', 'lambda:GetFunction']) {
      expect(mayAllow(readRole(), write), write).toBe(false);
    }
  });

  it("pins the remediation role's one write to AWSLambdaBasicExecutionRole with template.yaml's condition, never on service-linked or Keycard roles", () => {
    const role = byId(rolesOf({ RemediationMode: 'remediate' }), 'RemediationRole')!;
    const statements = statementsOf(role);
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.map((s) => s.Action)).toEqual(['iam:AttachRolePolicy']);
    const hubPin = (main.Resources.RemediateWithManagedPolicy!.Properties!.PolicyDocument as { Statement: PolicyStatement[] }).Statement.find((s) => s.Sid === 'AttachBasicExecutionRoleOnly')!.Condition;
    const memberPin = (member.Resources.RemediationRole!.Properties!.Policies as { PolicyDocument: { Statement: PolicyStatement[] } }[])[0]!.PolicyDocument.Statement.find((s) => s.Sid === 'AttachBasicExecutionRoleOnly')!.Condition;
    expect(memberPin).toEqual(hubPin);
    const target = `arn:aws:iam::${MEMBER}:role/orders-api-role`;
    const basic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
    expect(allow(role, 'iam:AttachRolePolicy', target, { 'iam:PolicyARN': basic })).toBe(true);
    expect(allow(role, 'iam:AttachRolePolicy', target, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' })).toBe(false);
    expect(allow(role, 'iam:AttachRolePolicy', `arn:aws:iam::${MEMBER}:role/aws-service-role/lambda.amazonaws.com/AWSServiceRoleForLambda`, { 'iam:PolicyARN': basic })).toBe(false);
    expect(allow(role, 'iam:AttachRolePolicy', `arn:aws:iam::${MEMBER}:role/KeycardReadRole`, { 'iam:PolicyARN': basic })).toBe(false);
    for (const write of ['iam:PutRolePolicy', 'iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy', 'iam:PassRole']) expect(mayAllow(role, write, target), write).toBe(false);
  });
});

describe("Keycard's own checks on the member roles", () => {
  /**
   * These roles serve no function, so the role checks run on each role directly. Accepted:
   * lambda-cannot-assume-role (they are not execution roles: Lambda must not assume them).
   */
  const ACCEPTED = new Set(['lambda-cannot-assume-role']);
  const accountOf = (roles: TemplateRole[]): AccountFacts => ({
    accountId: MEMBER,
    region: 'us-east-1',
    partition: 'aws',
    roles: new Map(roles.map((r) => [r.facts.arn, r.facts])),
    functions: [],
    incomplete: [],
  });
  const roleFindings = (roles: TemplateRole[]): Finding[] => {
    const account = accountOf(roles);
    return roles.flatMap((role) =>
      CHECKS.filter((check) => check.scope === 'role').flatMap((check) => (check.scope === 'role' ? check.evaluate(role.facts, [], { account, options: { trustedAccountIds: [] } }) : [])),
    );
  };
  const serious = (findings: Finding[]) => findings.filter((f) => isAtLeast(f.severity, 'low') && !ACCEPTED.has(f.checkId)).map((f) => `${f.checkId} on ${f.resourceArn}`);

  it.each([[{}], [{ RemediationMode: 'remediate' }], [{ ReaderRoleArns: `arn:aws:iam::${HUB}:role/security-audit` }]])('find nothing at or above low with %j', (parameters: Record<string, string>) => {
    const roles = rolesOf(parameters);
    expect(roles.length).toBe(parameters.RemediationMode === 'remediate' ? 3 : 2);
    expect(serious(roleFindings(roles))).toEqual([]);
  });

  it('would notice a trust without the organization and role pins (the test can fail)', () => {
    const roles = rolesOf();
    const read = byId(roles, 'ReadRole')!;
    read.facts.trustPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: 'sts:AssumeRole' }] };
    expect(serious(roleFindings(roles))).toContain(`broad-trust-policy on ${read.facts.arn}`);
  });

  it('would notice iam:AttachRolePolicy without the iam:PolicyARN pin (the test can fail)', () => {
    const roles = rolesOf({ RemediationMode: 'remediate' });
    const remediation = byId(roles, 'RemediationRole')!;
    const document = parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: `arn:aws:iam::${MEMBER}:role/*` }] }, 'unpinned');
    remediation.facts.policies = [{ name: 'unpinned', kind: 'inline', document } satisfies PolicySource];
    expect(serious(roleFindings(roles))).toContain(`privilege-escalation on ${remediation.facts.arn}`);
  });
});
