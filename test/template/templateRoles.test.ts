import { describe, expect, it } from 'vitest';
import { FORWARDER_TEMPLATE_PATH } from './loadTemplate.ts';
import { templateRoles } from './templateRoles.ts';

describe('templateRoles (for running Keycard checks on the stack itself)', () => {
  it('returns the three execution roles with every intrinsic resolved', () => {
    const roles = templateRoles({ RemediationMode: 'remediate', RemediationStyle: 'inline-scoped' });
    expect(roles.map((r) => r.logicalId)).toEqual(['OnRoleChangeRole', 'OnFunctionChangeRole', 'AuditRole']);
    expect(JSON.stringify(roles)).not.toMatch(/"(Ref|Fn::[A-Za-z]+)":/);
    for (const role of roles) {
      expect(role.facts.arn).toBe(`arn:aws:iam::111122223333:role/${role.facts.name}`);
      expect(role.facts.trustPolicy).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
    }
  });

  it('drops policies whose condition does not hold', () => {
    const names = (parameters: Record<string, string>) =>
      templateRoles(parameters).find((r) => r.logicalId === 'OnFunctionChangeRole')!.facts.policies.map((p) => p.name);
    expect(names({})).not.toContain('keycard-remediate-attach-basic-execution');
    expect(names({ RemediationMode: 'remediate' })).toContain('keycard-remediate-attach-basic-execution');
  });

  it('gives each function the resource policy its AWS::Lambda::Permission produces', () => {
    const fn = templateRoles().find((r) => r.logicalId === 'OnRoleChangeRole')!.functions[0]!;
    expect(fn.resourcePolicy?.Statement).toEqual([
      {
        Sid: 'keycard-IamChangeRulePermission-SAMPLE1234',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: fn.arn,
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:us-east-1:111122223333:rule/keycard-IamChangeRule-SAMPLE1234' } },
      },
    ]);
    expect(fn.environmentVariableNames).toContain('OWN_ROLE_ARNS');
    expect(fn.logGroupName).toBe('/aws/lambda/keycard/on-role-change');
  });

  it('drops the audit schedule permission when AuditSchedule is empty', () => {
    const audit = (parameters: Record<string, string>) => templateRoles(parameters).find((r) => r.logicalId === 'AuditRole')!.functions[0]!;
    expect(audit({}).resourcePolicy).toBeDefined();
    expect(audit({ AuditSchedule: '' }).resourcePolicy).toBeUndefined();
  });

  it('reads the forwarder template role too', () => {
    const [role] = templateRoles({ TargetRegion: 'eu-west-1' }, FORWARDER_TEMPLATE_PATH);
    expect(role?.functions).toEqual([]);
    expect(role?.facts.policies[0]?.document.Statement).toEqual([
      { Sid: 'KeycardRegionDefaultBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: 'arn:aws:events:eu-west-1:111122223333:event-bus/default' },
    ]);
  });

  it('rejects unknown parameters instead of ignoring them', () => {
    expect(() => templateRoles({ RemediationMod: 'remediate' })).toThrow(/Unknown template parameter RemediationMod/);
  });
});
