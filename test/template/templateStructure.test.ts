import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORWARDER_TEMPLATE_PATH, loadTemplate, REPO_ROOT, TEMPLATE_PATH } from './loadTemplate.ts';
import { samFunctionProperties } from './samFunctionProperties.ts';

const template = loadTemplate();
const FUNCTIONS = {
  OnRoleChangeFunction: { entry: 'functions/on-role-change/index.ts', logGroup: 'OnRoleChangeLogGroup', role: 'OnRoleChangeRole' },
  OnFunctionChangeFunction: { entry: 'functions/on-function-change/index.ts', logGroup: 'OnFunctionChangeLogGroup', role: 'OnFunctionChangeRole' },
  AuditFunction: { entry: 'functions/audit/index.ts', logGroup: 'AuditLogGroup', role: 'AuditRole' },
};

/** Logical ids in `Resources:` that have no comment line directly above them. */
function uncommentedResources(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.indexOf('Resources:');
  const end = lines.findIndex((line, i) => i > start && /^\S/.test(line));
  const missing: string[] = [];
  for (let i = start + 1; i < end; i++) {
    const match = /^ {2}([A-Za-z0-9]+):\s*$/.exec(lines[i]!);
    if (match && !/^\s*#/.test(lines[i - 1]!)) missing.push(match[1]!);
  }
  return missing;
}

describe('template.yaml structure', () => {
  it.each([TEMPLATE_PATH, FORWARDER_TEMPLATE_PATH, `${REPO_ROOT}templates/lambda-event-forwarder.yaml`, `${REPO_ROOT}templates/organization-member.yaml`])('comments every resource in %s', (path) => {
    expect(uncommentedResources(path)).toEqual([]);
  });

  it('is a SAM template with the shared function settings in Globals', () => {
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(template.Globals?.Function).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'keycard' } },
    });
    // No tracer in the code, so no tracing (and no X-Ray grant); no variable the code does not read.
    expect(template.Globals?.Function).not.toHaveProperty('Tracing');
    expect(template.Globals?.Function?.['Environment']).not.toHaveProperty('Variables.EVENT_BUS_NAME');
  });

  it.each(Object.entries(FUNCTIONS))('%s is bundled by esbuild as ESM from its entry point', (id, expected) => {
    const resource = template.Resources[id]!;
    expect(resource.Metadata).toEqual({
      BuildMethod: 'esbuild',
      BuildProperties: {
        Format: 'esm',
        Minify: true,
        Target: 'node22',
        Sourcemap: true,
        OutExtension: ['.js=.mjs'],
        Banner: ["js=import { createRequire } from 'module'; const require = createRequire(import.meta.url);"],
        EntryPoints: [expected.entry],
      },
    });
    expect(samFunctionProperties(template, id).Handler).toBe('index.handler');
  });

  it.each(Object.entries(FUNCTIONS))('%s has its own role, its own log group with retention, and an on-failure queue', (id, expected) => {
    const props = samFunctionProperties(template, id);
    expect(props.Role).toEqual({ 'Fn::GetAtt': [expected.role, 'Arn'] });
    expect(props.LoggingConfig).toEqual({ LogGroup: { Ref: expected.logGroup }, LogFormat: 'JSON' });
    expect(template.Resources[expected.logGroup]?.Properties?.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    expect(props.EventInvokeConfig).toMatchObject({
      DestinationConfig: { OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['FailedInvocationQueue', 'Arn'] } } },
    });
  });

  it('keeps the whole stack within AuditApiRate: reserved concurrency x rate share sums to at most 1', () => {
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Serverless::Function');
    expect(functions).toHaveLength(3);
    let total = 0;
    for (const fn of functions) {
      const props = fn.Properties as { ReservedConcurrentExecutions?: number; Environment?: { Variables?: Record<string, string> } };
      expect(props.ReservedConcurrentExecutions).toBeGreaterThan(0);
      const share = Number(props.Environment?.Variables?.['LAMBDA_RATE_SHARE']);
      expect(share).toBeGreaterThan(0);
      total += props.ReservedConcurrentExecutions! * share;
    }
    expect(total).toBeLessThanOrEqual(1);
  });

  it('gives the manual audit as an asynchronous invoke that AWS CLI v2 accepts', () => {
    const command = (template.Outputs?.['AuditCommand']?.Value as { 'Fn::Sub': string })['Fn::Sub'];
    expect(command).toBe(
      "aws lambda invoke --region ${AWS::Region} --function-name ${AuditFunction} --invocation-type Event --cli-binary-format raw-in-base64-out --payload '{}' /dev/null",
    );
  });

  it('gives every output a description', () => {
    for (const [name, output] of Object.entries(template.Outputs ?? {})) expect(output.Description, name).toMatch(/\w/);
  });

  it.each([
    ['AlertEmail', ''],
    ['RemediationMode', 'notify'],
    ['RemediationStyle', 'managed-policy'],
    ['DryRun', 'false'],
    ['TrustedAccountIds', ''],
    ['ExemptionTagKey', 'keycard:exempt'],
    ['AuditSchedule', 'rate(1 day)'],
    ['AuditApiRate', 10],
    ['AuditQualifiers', 'aliases'],
    ['WatchedRegions', ''],
  ])('declares parameter %s with default %j', (name, value) => {
    expect(template.Parameters?.[name]?.Default).toEqual(value);
    expect(template.Parameters?.[name]?.Description).toMatch(/\w/);
  });

  it('encrypts the findings topic with a rotating customer managed key and subscribes AlertEmail only when set', () => {
    expect(template.Resources.FindingsTopic?.Properties?.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': ['FindingsKey', 'Arn'] });
    expect(template.Resources.FindingsKey?.Properties?.EnableKeyRotation).toBe(true);
    expect(template.Resources.AlertEmailSubscription).toMatchObject({
      Condition: 'HasAlertEmail',
      Properties: { Protocol: 'email', Endpoint: { Ref: 'AlertEmail' } },
    });
  });

  it('lets only the stack roles and its alarms publish to the topic', () => {
    const statements = (template.Resources.FindingsTopicPolicy!.Properties!.PolicyDocument as any).Statement;
    const roles = [{ 'Fn::GetAtt': ['OnRoleChangeRole', 'Arn'] }, { 'Fn::GetAtt': ['OnFunctionChangeRole', 'Arn'] }, { 'Fn::GetAtt': ['AuditRole', 'Arn'] }];
    expect(statements.find((s: any) => s.Sid === 'StackFunctionsPublish').Principal).toEqual({ AWS: roles });
    const deny = statements.find((s: any) => s.Sid === 'NoOtherPublishers');
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish' });
    expect(deny.Condition.StringNotEqualsIfExists['aws:PrincipalArn']).toEqual(roles);
    expect(statements.every((s: any) => s.Effect === 'Deny' || s.Principal !== '*')).toBe(true);
  });

  it('samconfig.toml deploys with defaults plus an email', () => {
    const config = readFileSync(`${REPO_ROOT}samconfig.toml`, 'utf8');
    expect(config).toMatch(/^version = 0\.1$/m);
    const section = (name: string) => config.split(`[${name}]`)[1]?.split(/^\[/m)[0] ?? '';
    const body = section('default.deploy.parameters');
    expect(body).toMatch(/^stack_name = "keycard"$/m);
    expect(body).toMatch(/^resolve_s3 = true$/m);
    expect(body).toMatch(/^capabilities = "CAPABILITY_IAM"$/m);
    expect(body).toMatch(/^confirm_changeset = true$/m);
    expect(body).toMatch(/^region = "us-east-1"$/m);
    const overrides = /^parameter_overrides = (.*)$/m.exec(body)?.[1] ?? '';
    for (const [, parameter] of overrides.matchAll(/(\w+)=\\"/g)) expect(Object.keys(template.Parameters ?? {})).toContain(parameter);
    // Only CAPABILITY_IAM: no resource may carry an explicit IAM name.
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type.startsWith('AWS::IAM::')) expect(resource.Properties?.RoleName).toBeUndefined();
    }
  });

  it('samconfig.toml deploys one Keycard only: a second stack in the same account and region doubles alerts and remediators', () => {
    const config = readFileSync(`${REPO_ROOT}samconfig.toml`, 'utf8');
    const headers = [...config.matchAll(/^\[([^\]]+)\]\s*$/gm)].map((match) => match[1]!);
    expect(headers).toContain('default.deploy.parameters');
    // Any other environment would be `sam deploy --config-env NAME`: another stack, whose account
    // (credentials) and region samconfig.toml cannot tell apart from the default one's.
    expect([...new Set(headers.map((header) => header.split('.')[0]))]).toEqual(['default']);
    expect([...config.matchAll(/^stack_name = "(.*)"$/gm)].map((match) => match[1])).toEqual(['keycard', 'keycard']);
  });
});
