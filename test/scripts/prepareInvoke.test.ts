/**
 * What `npm run invoke` works out before running a handler: one message naming everything
 * missing, `--stack NAME` filling the environment from the deployed stack (CloudFormation
 * DescribeStacks, mocked), and the shell winning over both.
 */
import { fileURLToPath } from 'node:url';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvokeError } from '../../scripts/invoke/errors.ts';
import { invokeEnvironment } from '../../scripts/invoke/invokeEnvironment.ts';
import { missingSettingsMessage } from '../../scripts/invoke/missingSettingsMessage.ts';
import { prepareInvoke } from '../../scripts/invoke/prepareInvoke.ts';
import { readStack } from '../../scripts/invoke/readStack.ts';
import { templateEnvironment } from '../../scripts/invoke/templateEnvironment.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNT = '111122223333';
const ROLES = ['OnRoleChangeRole', 'OnFunctionChangeRole', 'AuditRole'].map((name) => `arn:aws:iam::${ACCOUNT}:role/keycard-${name}-ABC123`).join(',');

/** DescribeStacks as CloudFormation answers it for a deployed Keycard (outputs and parameters of template.yaml). */
const DEPLOYED = {
  StackName: 'keycard',
  StackId: `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/keycard/6d3f1a40-0000-11ef-9f3c-0a1b2c3d4e5f`,
  StackStatus: 'UPDATE_COMPLETE' as const,
  CreationTime: new Date('2026-01-05T10:00:00Z'),
  Parameters: [
    { ParameterKey: 'RemediationMode', ParameterValue: 'remediate' },
    { ParameterKey: 'DryRun', ParameterValue: 'true' },
    { ParameterKey: 'TrustedAccountIds', ParameterValue: '444455556666' },
    { ParameterKey: 'AlertEmail', ParameterValue: '****' },
  ],
  Outputs: [
    { OutputKey: 'FindingsTopicArn', OutputValue: `arn:aws:sns:eu-west-1:${ACCOUNT}:keycard-FindingsTopic-1A2B3C4D5E6F` },
    { OutputKey: 'IdempotencyTableName', OutputValue: 'keycard-IdempotencyTable-7G8H9I0J' },
    { OutputKey: 'StackRoleArns', OutputValue: ROLES },
    { OutputKey: 'OnRoleChangeFunctionName', OutputValue: 'keycard-OnRoleChangeFunction-K1L2M3N4' },
  ],
};

const cloudFormation = mockClient(CloudFormationClient);
const sts = mockClient(STSClient);

beforeEach(() => {
  cloudFormation.reset();
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/dev/me` });
  // Credentials resolve without any call (the no-region path only checks that they do).
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAINVOKETEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
});
afterEach(() => vi.unstubAllEnvs());

const ARGV = ['on-role-change', 'events/AttachRolePolicy.json'];
const failureOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(InvokeError);
  return (error as Error).message;
};

describe('prepareInvoke: everything missing in one message', () => {
  it('names the region and every deployed value at once, where to find each, and the command that reads them', async () => {
    const message = await failureOf(prepareInvoke(ARGV, {}, repoRoot, repoRoot));
    expect(message).toBe(
      [
        'on-role-change cannot run yet: 3 settings missing. Set in your shell (export NAME=value):',
        '  AWS_REGION          the region the stack is deployed in, e.g. us-east-1',
        "  FINDINGS_TOPIC_ARN  the deployed stack's output FindingsTopicArn",
        "  OWN_ROLE_ARNS       the deployed stack's output StackRoleArns",
        "Or let invoke read the outputs of the deployed stack (keycard is samconfig.toml's stack_name; use the region you deployed to):",
        '  AWS_REGION=us-east-1 npm run invoke -- --stack keycard on-role-change events/AttachRolePolicy.json',
        "They are listed by: aws cloudformation describe-stacks --stack-name keycard --query 'Stacks[0].Outputs'",
      ].join('\n'),
    );
    // The template sets these already: the user is never sent there.
    expect(message).not.toMatch(/template\.yaml/);
  });

  it('adds unusable credentials to the same list', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const message = await failureOf(prepareInvoke(ARGV, { AWS_REGION: 'eu-west-1' }, repoRoot, repoRoot));
    expect(message).toMatch(/^on-role-change cannot run yet: 3 settings missing/);
    expect(message).toMatch(/FINDINGS_TOPIC_ARN[\s\S]*OWN_ROLE_ARNS[\s\S]*AWS credentials {5}none usable \(CredentialsProviderError: Could not load credentials from any providers\)/);
    expect(message).not.toMatch(/AWS_REGION=/); // set already: the suggested command does not repeat it
  });

  it('names a malformed value the handler would refuse, without pointing at template.yaml', async () => {
    const env = { AWS_REGION: 'eu-west-1', FINDINGS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:t', OWN_ROLE_ARNS: ROLES, TRUSTED_ACCOUNT_IDS: '4444' };
    const message = await failureOf(prepareInvoke(ARGV, env, repoRoot, repoRoot));
    expect(message).toContain('TRUSTED_ACCOUNT_IDS  contains "4444", expected 12-digit account ids');
    expect(message).not.toMatch(/template\.yaml/);
  });

  it('runs with what the shell sets, idempotency off locally, the account from STS', async () => {
    const env = { AWS_REGION: 'eu-west-1', FINDINGS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:t', OWN_ROLE_ARNS: ROLES };
    const prepared = await prepareInvoke(ARGV, env, repoRoot, repoRoot);
    expect(prepared.variables).toMatchObject({ REMEDIATION_MODE: 'notify', POWERTOOLS_IDEMPOTENCY_DISABLED: 'true', AWS_LAMBDA_FUNCTION_NAME: 'keycard-on-role-change' });
    expect(prepared.variables).not.toHaveProperty('FINDINGS_TOPIC_ARN'); // the shell's own is kept, not overwritten
    expect(prepared.context.invokedFunctionArn).toBe(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:keycard-on-role-change`);
  });
});

describe('prepareInvoke --stack NAME', () => {
  it("fills the environment from the stack's outputs and parameters, as deployed", async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'keycard' }).resolves({ Stacks: [DEPLOYED] });
    const prepared = await prepareInvoke(['--stack', 'keycard', ...ARGV], { AWS_REGION: 'eu-west-1' }, repoRoot, repoRoot);
    expect(prepared.variables).toMatchObject({
      FINDINGS_TOPIC_ARN: `arn:aws:sns:eu-west-1:${ACCOUNT}:keycard-FindingsTopic-1A2B3C4D5E6F`,
      IDEMPOTENCY_TABLE_NAME: 'keycard-IdempotencyTable-7G8H9I0J',
      OWN_ROLE_ARNS: ROLES,
      REMEDIATION_MODE: 'remediate',
      DRY_RUN: 'true',
      TRUSTED_ACCOUNT_IDS: '444455556666',
      REMEDIATION_STYLE: 'managed-policy', // not in the stack's answer: the template default
      AWS_LAMBDA_FUNCTION_NAME: 'keycard-OnRoleChangeFunction-K1L2M3N4',
    });
    expect(prepared.variables).not.toHaveProperty('POWERTOOLS_IDEMPOTENCY_DISABLED');
    expect(prepared.notes.join(' ')).toMatch(/using stack keycard's idempotency table/);
    // The account comes from the stack's id: no STS call needed.
    expect(prepared.context.invokedFunctionArn).toBe(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:keycard-OnRoleChangeFunction-K1L2M3N4`);
    expect(sts.calls()).toHaveLength(0);
  });

  it('lets the shell override the stack (DRY_RUN=true npm run invoke -- --stack ...)', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [DEPLOYED] });
    const prepared = await prepareInvoke(['--stack', 'keycard', ...ARGV], { AWS_REGION: 'eu-west-1', REMEDIATION_MODE: 'notify' }, repoRoot, repoRoot);
    expect(prepared.variables).not.toHaveProperty('REMEDIATION_MODE');
  });

  it('needs only the region when the stack cannot be read without it', async () => {
    const message = await failureOf(prepareInvoke(['--stack', 'keycard', ...ARGV], {}, repoRoot, repoRoot));
    expect(message).toBe(
      'on-role-change cannot run yet: 1 setting missing. Set in your shell (export NAME=value):\n  AWS_REGION  the region stack keycard is deployed in, e.g. us-east-1',
    );
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  it('says which output an older stack lacks', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ ...DEPLOYED, Outputs: DEPLOYED.Outputs.filter((o) => o.OutputKey !== 'StackRoleArns') }] });
    const message = await failureOf(prepareInvoke(['--stack', 'keycard', ...ARGV], { AWS_REGION: 'eu-west-1' }, repoRoot, repoRoot));
    expect(message).toContain('OWN_ROLE_ARNS  stack keycard has no output StackRoleArns (deployed from an older template.yaml? sam build && sam deploy)');
    expect(message).not.toContain('--stack keycard on-role-change'); // --stack was given: no need to suggest it
  });

  it('names a stack that does not exist, with the region it looked in', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id keycard-dev does not exist'), { name: 'ValidationError' }));
    const message = await failureOf(prepareInvoke(['--stack', 'keycard-dev', ...ARGV], { AWS_REGION: 'eu-west-1' }, repoRoot, repoRoot));
    expect(message).toBe(
      '--stack keycard-dev: cannot read the stack in eu-west-1 (ValidationError: Stack with id keycard-dev does not exist); use the stack_name of samconfig.toml and the region it was deployed to (AWS_REGION).',
    );
  });
});

describe('readStack', () => {
  it('reads outputs, parameter values (not NoEcho ones) and the account from the stack id', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [DEPLOYED] });
    const stack = await readStack(new CloudFormationClient({ region: 'eu-west-1' }), 'keycard', 'eu-west-1');
    expect(stack.accountId).toBe(ACCOUNT);
    expect(stack.parameters).toEqual({ RemediationMode: 'remediate', DryRun: 'true', TrustedAccountIds: '444455556666' });
    expect(stack.outputs.StackRoleArns).toBe(ROLES);
  });

  it('says what to do when access is denied', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    await expect(readStack(new CloudFormationClient({ region: 'eu-west-1' }), 'keycard', 'eu-west-1')).rejects.toThrow(/needs? cloudformation:DescribeStacks/);
  });
});

describe('invokeEnvironment and missingSettingsMessage', () => {
  it('quotes an event path the shell would split in the suggested command', () => {
    const env = invokeEnvironment(templateEnvironment(`${repoRoot}template.yaml`, 'audit'), {}, 'audit');
    const message = missingSettingsMessage({ functionName: 'audit', eventFile: 'my events/all.json' }, env.missing);
    expect(message).toContain("npm run invoke -- --stack keycard audit 'my events/all.json'");
  });
});
