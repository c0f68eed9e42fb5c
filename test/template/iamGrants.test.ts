import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../shared/policy/types.ts';
import { loadTemplate, TEMPLATE_PATH } from './loadTemplate.ts';
import { templateRoles, type TemplateRole } from './templateRoles.ts';

const BASIC_EXECUTION_ROLE = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const IAM_READS = [
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:ListEntitiesForPolicy',
  'iam:GetAccountAuthorizationDetails',
];

function statementsOf(role: TemplateRole): PolicyStatement[] {
  return role.facts.policies.flatMap((p) => [p.document.Statement].flat());
}
const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());
function allowedActions(role: TemplateRole): string[] {
  return statementsOf(role).filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
}
const byId = (roles: TemplateRole[], id: string) => roles.find((r) => r.logicalId === id)!;

const SETTINGS = {
  'notify (default)': {},
  'remediate, managed-policy': { RemediationMode: 'remediate' },
  'remediate, inline-scoped': { RemediationMode: 'remediate', RemediationStyle: 'inline-scoped' },
  'remediate, managed-policy, dry run': { RemediationMode: 'remediate', DryRun: 'true' },
  'remediate, inline-scoped, dry run': { RemediationMode: 'remediate', RemediationStyle: 'inline-scoped', DryRun: 'true' },
  'notify, inline-scoped': { RemediationStyle: 'inline-scoped' },
} as const;

/** IAM write actions each setting may grant, and to which roles. */
const EXPECTED_WRITES: Record<keyof typeof SETTINGS, string[]> = {
  'notify (default)': [],
  'remediate, managed-policy': ['iam:AttachRolePolicy'],
  'remediate, inline-scoped': ['iam:PutRolePolicy'],
  'remediate, managed-policy, dry run': [],
  'remediate, inline-scoped, dry run': [],
  'notify, inline-scoped': [],
};

describe('what the template grants', () => {
  it.each(Object.entries(SETTINGS))('%s: the only IAM writes are the remediation ones', (setting, parameters) => {
    const roles = templateRoles(parameters);
    for (const role of roles) {
      const writes = allowedActions(role).filter((a) => a.startsWith('iam:') && !IAM_READS.includes(a));
      const expected = role.logicalId === 'AuditRole' ? [] : EXPECTED_WRITES[setting as keyof typeof SETTINGS];
      expect(writes, role.logicalId).toEqual(expected);
    }
  });

  it('lets only the audit and on-role-change roles list the enabled regions, and only with WatchedRegions=all', () => {
    const holders = (parameters: Record<string, string>) =>
      templateRoles(parameters).filter((role) => allowedActions(role).includes('account:ListRegions')).map((role) => role.logicalId);
    expect(holders({})).toEqual([]);
    expect(holders({ WatchedRegions: 'eu-west-1,ap-southeast-2' })).toEqual([]);
    expect(holders({ WatchedRegions: 'all' }).sort()).toEqual(['AuditRole', 'OnRoleChangeRole']);
    for (const id of ['AuditRole', 'OnRoleChangeRole']) {
      const statement = statementsOf(byId(templateRoles({ WatchedRegions: 'all' }), id)).find((s) => list(s.Action).includes('account:ListRegions'))!;
      expect(list(statement.Action)).toEqual(['account:ListRegions']);
      expect(statement.Resource).toBe('arn:aws:account::111122223333:account');
    }
  });

  it('conditions iam:AttachRolePolicy on iam:PolicyARN = AWSLambdaBasicExecutionRole and denies own and service-linked roles', () => {
    const roles = templateRoles({ RemediationMode: 'remediate' });
    for (const id of ['OnRoleChangeRole', 'OnFunctionChangeRole']) {
      const statements = statementsOf(byId(roles, id)).filter((s) => list(s.Action).includes('iam:AttachRolePolicy'));
      const allow = statements.filter((s) => s.Effect === 'Allow');
      expect(allow).toHaveLength(1);
      expect(allow[0]!.Condition).toEqual({ ArnEquals: { 'iam:PolicyARN': BASIC_EXECUTION_ROLE } });
      expect(list(allow[0]!.Action)).toEqual(['iam:AttachRolePolicy']);
      const deny = statements.find((s) => s.Effect === 'Deny')!;
      expect(list(deny.Resource)).toEqual([
        'arn:aws:iam::111122223333:role/aws-service-role/*',
        ...roles.map((r) => r.facts.arn),
      ]);
    }
  });

  it('grants iam:PutRolePolicy only under RemediatesWithInlinePolicy (remediate AND inline-scoped AND not dry run)', () => {
    const template = loadTemplate();
    const holders = Object.entries(template.Resources).filter(([, r]) => JSON.stringify(r).includes('iam:PutRolePolicy'));
    expect(holders.map(([id, r]) => [id, r.Condition])).toEqual([['RemediateWithInlinePolicy', 'RemediatesWithInlinePolicy']]);
    expect(template.Conditions!.RemediatesWithInlinePolicy).toEqual({
      'Fn::And': [{ Condition: 'AppliesRemediation' }, { 'Fn::Equals': [{ Ref: 'RemediationStyle' }, 'inline-scoped'] }],
    });
    expect(template.Conditions!.AppliesRemediation).toEqual({
      'Fn::And': [{ 'Fn::Equals': [{ Ref: 'RemediationMode' }, 'remediate'] }, { 'Fn::Equals': [{ Ref: 'DryRun' }, 'false'] }],
    });
  });

  it('names iam:AttachRolePolicy only in RemediateWithManagedPolicy, under its condition', () => {
    const template = loadTemplate();
    const holders = Object.entries(template.Resources).filter(([, r]) => JSON.stringify(r).includes('iam:AttachRolePolicy'));
    expect(holders.map(([id, r]) => [id, r.Condition])).toEqual([['RemediateWithManagedPolicy', 'RemediatesWithManagedPolicy']]);
  });

  it('has no IAM action wildcard and no NotAction anywhere in template.yaml', () => {
    const text = readFileSync(TEMPLATE_PATH, 'utf8');
    expect(text).not.toMatch(/iam:[A-Za-z]*\*/);
    expect(text).not.toMatch(/NotAction|NotResource/);
  });

  it.each(Object.entries(SETTINGS))('%s: every Allowed action of every role is spelled out (no wildcards)', (_, parameters) => {
    for (const role of templateRoles(parameters)) {
      for (const action of allowedActions(role)) expect(action, role.logicalId).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
  });

  // The full grant per role. A change here is a change in what Keycard may do in users' accounts.
  it('grants each role exactly these actions (defaults)', () => {
    const roles = templateRoles();
    const common = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
      'iam:GetRole',
      'iam:ListAttachedRolePolicies',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
      'iam:GetPolicy',
      'iam:GetPolicyVersion',
      'lambda:GetFunctionConfiguration',
      'lambda:GetPolicy',
      'lambda:ListFunctionUrlConfigs',
      'lambda:ListAliases',
      'lambda:ListVersionsByFunction',
      'lambda:ListFunctions',
      'lambda:ListEventSourceMappings',
      'organizations:DescribeOrganization',
      'sns:Publish',
      'kms:GenerateDataKey',
      'kms:Decrypt',
      'events:PutEvents',
    ];
    const idempotency = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    // On-role-change also reads the role index (BatchGetItem) and continues a large change in a new invocation of itself.
    expect(allowedActions(byId(roles, 'OnRoleChangeRole')).sort()).toEqual(
      [...common, ...idempotency, 'iam:ListEntitiesForPolicy', 'dynamodb:BatchGetItem', 'lambda:InvokeFunction'].sort(),
    );
    expect(allowedActions(byId(roles, 'OnFunctionChangeRole')).sort()).toEqual([...common, ...idempotency].sort());
    // The audit also reads whether a trail delivers management events (no-management-events-trail).
    const trail = ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'];
    // And fills the role index (UpdateItem on the index's own items only).
    expect(allowedActions(byId(roles, 'AuditRole')).sort()).toEqual(
      [...common, ...trail, 'iam:GetAccountAuthorizationDetails', 'lambda:InvokeFunction', 'dynamodb:UpdateItem'].sort(),
    );
  });

  it('lets the audit and on-role-change touch only the role index\'s items beyond their idempotency records', () => {
    const roles = templateRoles();
    const indexOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['keycard:role-functions*'] } };
    const audit = statementsOf(byId(roles, 'AuditRole')).filter((s) => list(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(audit.map((s) => [s.Action, s.Condition])).toEqual([['dynamodb:UpdateItem', indexOnly]]);
    const batch = statementsOf(byId(roles, 'OnRoleChangeRole')).filter((s) => list(s.Action).includes('dynamodb:BatchGetItem'));
    expect(batch.map((s) => [s.Action, s.Condition])).toEqual([['dynamodb:BatchGetItem', indexOnly]]);
  });

  it('uses Resource "*" only for actions without resource-level permissions', () => {
    const unscopable = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'lambda:ListFunctions',
      'lambda:ListEventSourceMappings',
      'iam:GetAccountAuthorizationDetails',
      'organizations:DescribeOrganization',
      'cloudtrail:DescribeTrails',
    ]);
    for (const role of templateRoles({ RemediationMode: 'remediate' })) {
      for (const statement of statementsOf(role).filter((s) => s.Effect === 'Allow' && list(s.Resource).includes('*'))) {
        for (const action of list(statement.Action)) expect(unscopable.has(action), `${role.logicalId} ${action}`).toBe(true);
      }
    }
  });

  it('lets the audit and on-role-change invoke only themselves (continuations), and no other role invoke anything', () => {
    for (const role of templateRoles()) {
      const invoke = statementsOf(role).filter((s) => list(s.Action).includes('lambda:InvokeFunction'));
      if (role.logicalId !== 'AuditRole' && role.logicalId !== 'OnRoleChangeRole') expect(invoke).toEqual([]);
      else expect(invoke.map((s) => s.Resource)).toEqual([role.functions[0]!.arn]);
    }
  });

  it('lets each function write only to its own log group', () => {
    for (const role of templateRoles()) {
      const logs = statementsOf(role).find((s) => list(s.Action).includes('logs:PutLogEvents'))!;
      expect(role.functions).toHaveLength(1);
      expect(logs.Resource).toBe(`arn:aws:logs:us-east-1:111122223333:log-group:${role.functions[0]!.logGroupName}:*`);
    }
  });
});

describe('the mute list parameter (MuteListParameter)', () => {
  const ssmStatements = (role: TemplateRole) => statementsOf(role).filter((s) => list(s.Action).some((a) => a.startsWith('ssm:')));

  it('unset: no role may read SSM', () => {
    for (const role of templateRoles()) expect(ssmStatements(role), role.logicalId).toEqual([]);
  });

  it('set: each handler role may read that one parameter, and nothing else in SSM', () => {
    const roles = templateRoles({ MuteListParameter: '/keycard/mutes' });
    for (const id of ['OnRoleChangeRole', 'OnFunctionChangeRole', 'AuditRole']) {
      const statements = ssmStatements(byId(roles, id));
      expect(statements, id).toHaveLength(1);
      expect(list(statements[0]!.Action)).toEqual(['ssm:GetParameter']);
      expect(statements[0]!.Resource).toBe('arn:aws:ssm:us-east-1:111122223333:parameter/keycard/mutes');
    }
  });
});
