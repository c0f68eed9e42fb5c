/**
 * `npm run invoke` cannot be run against mocks in a child process, so its parts are tested here:
 * argument checking, the environment read from template.yaml, and the Lambda context it builds.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvokeError } from '../../scripts/invoke/errors.ts';
import { DEFAULT_BUDGET_MS, invokeContext, regionFromEnv } from '../../scripts/invoke/invokeContext.ts';
import { parseInvokeArgs } from '../../scripts/invoke/parseInvokeArgs.ts';
import { localOnlyEnvironment } from '../../scripts/invoke/localOnlyEnvironment.ts';
import { templateEnvironment } from '../../scripts/invoke/templateEnvironment.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const template = `${repoRoot}template.yaml`;

describe('parseInvokeArgs', () => {
  it('takes --stack NAME before or after the function and event', () => {
    expect(parseInvokeArgs(['--stack', 'keycard', 'audit', 'events/audit-all.json'], repoRoot, repoRoot).stack).toBe('keycard');
    expect(parseInvokeArgs(['audit', 'events/audit-all.json', '--stack=keycard-dev'], repoRoot, repoRoot).stack).toBe('keycard-dev');
    expect(parseInvokeArgs(['audit', 'events/audit-all.json'], repoRoot, repoRoot).stack).toBeUndefined();
  });

  it('resolves the handler and reads the event, relative to the working directory, after npm\'s "--"', () => {
    const args = parseInvokeArgs(['--', 'on-role-change', 'events/AttachRolePolicy.json'], repoRoot, repoRoot);
    expect(args.functionName).toBe('on-role-change');
    expect(args.handlerPath).toBe(`${repoRoot}functions/on-role-change/index.ts`);
    expect(args.eventPath).toBe(`${repoRoot}events/AttachRolePolicy.json`);
    expect(args.event).toMatchObject({ detail: { eventName: 'AttachRolePolicy' } });
  });

  it.each([
    [[], /usage: npm run invoke -- \[--stack NAME\] <function> <event.json>[\s\S]*functions: audit, on-function-change, on-role-change/],
    [['audit'], /usage:/],
    [['audit', 'events/audit-all.json', 'extra'], /usage:/],
    [['nope', 'events/audit-all.json'], /no function "nope": expected functions\/nope\/index.ts. Choose one of: audit, on-function-change, on-role-change/],
    [['../shared', 'events/audit-all.json'], /no function "..\/shared"/],
    [['audit', 'events/missing.json'], /event file events\/missing.json not found/],
    [['audit', 'package.json.nope'], /not found/],
    [['audit', 'README.md'], /event file README.md is not valid JSON/],
    [['--stack', 'a', '--stack', 'b', 'audit', 'events/audit-all.json'], /--stack is given 2 times; give it once/],
    [['--stack', 'my_stack!', 'audit', 'events/audit-all.json'], /--stack "my_stack!" is not a CloudFormation stack name/],
    [['--stack'], /--stack/],
    [['--region', 'eu-west-1', 'audit', 'events/audit-all.json'], /Unknown option '--region'[\s\S]*usage:/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseInvokeArgs(argv, repoRoot, repoRoot)).toThrow(InvokeError);
    expect(() => parseInvokeArgs(argv, repoRoot, repoRoot)).toThrow(message);
  });
});

describe('templateEnvironment', () => {
  it.each([
    ['on-role-change', 'OnRoleChangeFunction'],
    ['on-function-change', 'OnFunctionChangeFunction'],
    ['audit', 'AuditFunction'],
  ])('finds %s as %s by its esbuild entry point', (name, logicalId) => {
    expect(templateEnvironment(template, name).logicalId).toBe(logicalId);
  });

  it('takes literals and parameter defaults, and lists what only exists once deployed', () => {
    const env = templateEnvironment(template, 'on-role-change');
    expect(env.variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'keycard',
      POWERTOOLS_METRICS_NAMESPACE: 'Keycard',
      REMEDIATION_MODE: 'notify',
      DRY_RUN: 'false',
    });
    expect(env.unresolved).toEqual(expect.arrayContaining(['FINDINGS_TOPIC_ARN', 'IDEMPOTENCY_TABLE_NAME', 'OWN_ROLE_ARNS']));
    expect(Object.keys(env.variables)).not.toContain('FINDINGS_TOPIC_ARN');
  });

  it('finds the stack output holding each deployed value, and the parameter behind each !Ref', () => {
    const env = templateEnvironment(template, 'audit');
    expect(env.sources).toMatchObject({
      FINDINGS_TOPIC_ARN: { output: 'FindingsTopicArn' },
      IDEMPOTENCY_TABLE_NAME: { output: 'IdempotencyTableName' },
      OWN_ROLE_ARNS: { output: 'StackRoleArns' },
      REMEDIATION_MODE: { parameter: 'RemediationMode' },
      TRUSTED_ACCOUNT_IDS: { parameter: 'TrustedAccountIds' },
    });
    // Every variable only known once deployed can be read from an output: none is left unexplained.
    for (const name of env.unresolved) expect(env.sources[name]?.output, name).toBeDefined();
    expect(env.functionNameOutput).toBe('AuditFunctionName');
  });

  it('says which template lacks the function', () => {
    expect(() => templateEnvironment(template, 'nope')).toThrow(/no AWS::Serverless::Function built from functions\/nope\/index.ts/);
  });
});

describe('invokeContext', () => {
  it('builds the function ARN from the region and account and counts down from 15 minutes', () => {
    let clock = 1_000_000;
    const context = invokeContext({ functionName: 'keycard-audit', region: 'eu-west-1', accountId: '111122223333', now: () => clock });
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:111122223333:function:keycard-audit');
    expect(context.functionName).toBe('keycard-audit');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBe(DEFAULT_BUDGET_MS);
    clock += 60_000;
    expect(context.getRemainingTimeInMillis()).toBe(DEFAULT_BUDGET_MS - 60_000);
    clock += DEFAULT_BUDGET_MS;
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });

  it.each([
    ['cn-north-1', 'arn:aws-cn:lambda:cn-north-1:'],
    ['us-gov-west-1', 'arn:aws-us-gov:lambda:us-gov-west-1:'],
  ])('uses the partition of %s', (region, prefix) => {
    expect(invokeContext({ functionName: 'f', region, accountId: '111122223333' }).invokedFunctionArn.startsWith(prefix)).toBe(true);
  });

  it('refuses an account id that is not 12 digits', () => {
    expect(() => invokeContext({ functionName: 'f', region: 'us-east-1', accountId: '1234' })).toThrow(/AWS_ACCOUNT_ID/);
  });

  it('reads the region like the SDK, undefined when none is set', () => {
    expect(regionFromEnv({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-1' })).toBe('eu-west-1');
    expect(regionFromEnv({ AWS_DEFAULT_REGION: 'us-east-2' })).toBe('us-east-2');
    expect(regionFromEnv({ AWS_REGION: ' ' })).toBeUndefined();
    expect(regionFromEnv({})).toBeUndefined();
  });
});

describe('localOnlyEnvironment', () => {
  it('runs without idempotency when no table is given, and says so', () => {
    const local = localOnlyEnvironment({});
    expect(local.variables).toEqual({ IDEMPOTENCY_TABLE_NAME: 'local-invoke-without-idempotency', POWERTOOLS_IDEMPOTENCY_DISABLED: 'true' });
    expect(local.notes.join(' ')).toMatch(/running without idempotency/);
  });

  it('uses the table the shell names', () => {
    expect(localOnlyEnvironment({ IDEMPOTENCY_TABLE_NAME: 'keycard-IdempotencyTable-ABC' })).toEqual({ variables: {}, notes: [] });
  });
});
