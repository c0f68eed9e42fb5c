/**
 * The stack's audit across the regions it watches (WatchedRegions) with aliases and versions
 * (AuditQualifiers): IAM read once, each region's Lambda on its own client, and a chunked audit that
 * continues across invocations and regions without auditing anything twice or skipping anything.
 * Every client is its own aws-sdk-client-mock instance, so each call's region is known.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  LambdaServiceException,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ListVersionsByFunctionCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import type { Finding } from '../../shared/checks/types.ts';
import type { AuditContinuation } from '../../shared/pipeline/AuditContinuation.ts';
import { parseAuditContinuation } from '../../shared/pipeline/parseAuditContinuation.ts';
import { runAudit } from '../../shared/pipeline/runAudit.ts';
import type { AuditDeps, AuditResponse } from '../../shared/pipeline/runAudit.ts';
import { mockedPerRegion } from '../support/mockedPerRegion.ts';

const ACCOUNT = '111122223333';
const HOME = 'us-east-1';
const REGIONS = ['ap-southeast-2', 'eu-west-1', 'us-east-1'];
const iam = new IAMClient({ region: HOME });
const sns = new SNSClient({ region: HOME });
const eventBridge = new EventBridgeClient({ region: HOME });
const iamMock = mockClient(iam);
const snsMock = mockClient(sns);
const busMock = mockClient(eventBridge);
const { clients: lambdas, mocks: lambdaMocks } = mockedPerRegion(REGIONS, (region) => new LambdaClient({ region }));

const doc = (statement: object) => ({ Version: '2012-10-17', Statement: [statement] });
const TRUST = encodeURIComponent(JSON.stringify(doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })));
const LOGS = encodeURIComponent(JSON.stringify(doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' })));
const ADMIN = encodeURIComponent(JSON.stringify(doc({ Effect: 'Allow', Action: '*', Resource: '*' })));
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const role = (name: string, policies: Record<string, string>) => ({
  RoleName: name,
  Arn: roleArn(name),
  Path: '/',
  AssumeRolePolicyDocument: TRUST,
  RolePolicyList: Object.entries(policies).map(([PolicyName, PolicyDocument]) => ({ PolicyName, PolicyDocument })),
  AttachedManagedPolicies: [],
});

interface Fn {
  name: string;
  role: string;
  /** Version 1, published with this role, behind alias `live`, which is public. */
  publicAliasOnVersionWithRole?: string;
}

/**
 * The same function name (`alpha`) in every region; admin-role serves a function in each region;
 * eu-west-1's `bravo` has a public alias running version 1, published with admin-role.
 */
const ACCOUNT_FUNCTIONS: Record<string, Fn[]> = {
  'ap-southeast-2': [
    { name: 'alpha', role: 'ok-role' },
    { name: 'zulu', role: 'admin-role' },
  ],
  'eu-west-1': [
    { name: 'alpha', role: 'admin-role' },
    { name: 'bravo', role: 'ok-role', publicAliasOnVersionWithRole: 'old-admin-role' },
  ],
  'us-east-1': [
    { name: 'alpha', role: 'ok-role' },
    { name: 'charlie', role: 'admin-role' },
  ],
};

const arnOf = (region: string, name: string, qualifier?: string) =>
  `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`;
const notFound = () => new ResourceNotFoundException({ message: 'The resource you requested does not exist.', $metadata: {} });

function serve(options: { deniedRegion?: string } = {}): void {
  for (const stub of [iamMock, snsMock, busMock, ...lambdaMocks.values()]) stub.reset();
  iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
    RoleDetailList: [role('admin-role', { all: ADMIN }), role('old-admin-role', { all: ADMIN }), role('ok-role', { logs: LOGS })],
    Policies: [],
    IsTruncated: false,
  });
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
  busMock.on(PutEventsCommand).callsFake((input: { Entries?: unknown[] }) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e-${i}` })) }));
  for (const [region, mock] of lambdaMocks) {
    if (region === options.deniedRegion) {
      mock.on(ListFunctionsCommand).rejects(
        new LambdaServiceException({
          name: 'AccessDeniedException',
          message: `User is not authorized to perform: lambda:ListFunctions with an explicit deny in a service control policy`,
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
        }),
      );
      continue;
    }
    const fns = ACCOUNT_FUNCTIONS[region]!;
    const config = (fn: Fn, version = '$LATEST', roleName = fn.role) => ({
      FunctionName: fn.name,
      FunctionArn: arnOf(region, fn.name, version === '$LATEST' ? undefined : version),
      Role: roleArn(roleName),
      Runtime: 'nodejs22.x',
      Version: version,
      PackageType: 'Zip' as const,
    });
    mock.on(ListFunctionsCommand).callsFake((input: { FunctionVersion?: string }) => ({
      Functions:
        input.FunctionVersion === 'ALL'
          ? fns.flatMap((fn) => [
              { ...config(fn), FunctionArn: arnOf(region, fn.name, '$LATEST') },
              ...(fn.publicAliasOnVersionWithRole === undefined ? [] : [config(fn, '1', fn.publicAliasOnVersionWithRole)]),
            ])
          : fns.map((fn) => config(fn)),
    }));
    mock.on(ListAliasesCommand).callsFake((input: { FunctionName: string }) => {
      const fn = fns.find((f) => f.name === input.FunctionName);
      return {
        Aliases:
          fn?.publicAliasOnVersionWithRole === undefined ? [] : [{ Name: 'live', AliasArn: arnOf(region, fn.name, 'live'), FunctionVersion: '1' }],
      };
    });
    const named = (name: string) => fns.find((fn) => fn.name === name.split(':').at(-1));
    mock.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => {
      const fn = named(input.FunctionName);
      if (fn === undefined) throw notFound();
      return config(fn);
    });
    mock.on(ListVersionsByFunctionCommand).callsFake((input: { FunctionName: string }) => {
      const fn = named(input.FunctionName);
      if (fn === undefined) throw notFound();
      return { Versions: [{ ...config(fn), FunctionArn: arnOf(region, fn.name, '$LATEST') }, ...(fn.publicAliasOnVersionWithRole === undefined ? [] : [config(fn, '1', fn.publicAliasOnVersionWithRole)])] };
    });
    mock.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
    mock.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    mock.on(GetPolicyCommand).callsFake((input: { FunctionName: string; Qualifier?: string }) => {
      if (input.Qualifier !== 'live') throw notFound();
      const resource = arnOf(region, input.FunctionName, 'live');
      return { Policy: JSON.stringify(doc({ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: resource })) };
    });
  }
}

let handedOver: AuditContinuation[];
function deps(remainingTimeMs: () => number, chunkSize = 100): AuditDeps {
  const readerFor = (region: string) =>
    createLiveAccountReader({ region, lambdaRate: Number.POSITIVE_INFINITY, clients: { iam, lambda: lambdas.get(region)! } });
  return {
    reader: readerFor(HOME),
    readerFor,
    regions: REGIONS.filter((r) => r !== HOME),
    qualifiers: 'aliases',
    sns,
    eventBridge,
    config: { findingsTopicArn: `arn:aws:sns:${HOME}:${ACCOUNT}:keycard-findings`, trustedAccountIds: [], alertMessageStructure: 'text' },
    identity: { accountId: ACCOUNT, region: HOME, partition: 'aws' },
    remainingTimeMs,
    continueAudit: async (continuation) => {
      handedOver.push(JSON.parse(JSON.stringify(continuation)) as AuditContinuation);
    },
    log: () => undefined,
    chunkSize,
    now: () => new Date('2026-12-06T06:00:00Z'),
  };
}

const findingEvents = (): (Finding & { region: string })[] =>
  busMock
    .commandCalls(PutEventsCommand)
    .flatMap((call) => ((call.args[0].input as { Entries?: PutEventsRequestEntry[] }).Entries ?? []).map((e) => JSON.parse(e.Detail ?? '{}') as Finding & { region: string }));
const key = (f: Finding) => `${f.checkId} ${f.resourceArn}`;
const locksRead = (region: string) =>
  lambdaMocks
    .get(region)!
    .commandCalls(GetPolicyCommand)
    .map((c) => `${String(c.args[0].input.FunctionName)}${c.args[0].input.Qualifier === undefined ? '' : `:${c.args[0].input.Qualifier}`}`)
    .sort();

/** Runs the audit, feeding each continuation back (through the parser, as the handler does), until complete. */
async function auditToTheEnd(remaining: () => number, chunkSize: number): Promise<AuditResponse[]> {
  const responses: AuditResponse[] = [];
  let continuation: AuditContinuation | undefined;
  for (let i = 0; i < 30; i++) {
    const response = await runAudit(continuation === undefined ? {} : { continuation }, deps(remaining, chunkSize));
    responses.push(response);
    if (response.status === 'complete') return responses;
    continuation = parseAuditContinuation(JSON.parse(JSON.stringify({ continuation: handedOver.at(-1) })));
  }
  throw new Error('the audit did not complete in 30 invocations');
}

beforeEach(() => {
  handedOver = [];
  serve();
});

describe('runAudit across watched regions', () => {
  it('tells a region that cannot be listed even when no region has a function', async () => {
    serve({ deniedRegion: 'eu-west-1' });
    for (const region of ['ap-southeast-2', 'us-east-1']) lambdaMocks.get(region)!.on(ListFunctionsCommand).resolves({ Functions: [] });
    const [response] = await auditToTheEnd(() => 600_000, 100);
    expect(response).toMatchObject({ status: 'complete', summary: { functionsEvaluated: 0, findings: 1 } });
    expect(findingEvents().map((f) => `${f.checkId} ${f.resourceArn}`)).toEqual([`evaluation-incomplete arn:aws:iam::${ACCOUNT}:root`]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('audits every region in one pass: IAM once, each region on its own client, aliases and their versions read', async () => {
    const [response] = await auditToTheEnd(() => 600_000, 100);
    expect(response).toMatchObject({ status: 'complete', invocations: 1 });
    if (response?.status !== 'complete') return;
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(1);
    expect(locksRead('ap-southeast-2')).toEqual(['alpha', 'zulu']);
    expect(locksRead('eu-west-1')).toEqual(['alpha', 'bravo', 'bravo:1', 'bravo:live']);
    expect(locksRead('us-east-1')).toEqual(['alpha', 'charlie']);
    expect(response.summary).toMatchObject({
      region: 'ap-southeast-2,eu-west-1,us-east-1',
      functionsEvaluated: 6,
      qualifiers: 'aliases',
      aliasesEvaluated: 1,
      versionsEvaluated: 1,
    });
    expect(Object.keys(response.summary.regions ?? {})).toEqual(REGIONS);
    expect(response.summary.regions?.['eu-west-1']).toMatchObject({ functionsEvaluated: 2, worstCaseFunctions: 1 });

    const found = findingEvents();
    // admin-role is reported once, naming its functions in all three regions.
    const admin = found.filter((f) => f.checkId === 'admin-access' && f.resourceArn === roleArn('admin-role'));
    expect(admin).toHaveLength(1);
    expect(admin[0]!.functionArns.map((arn) => arn.split(':')[3]).sort()).toEqual(REGIONS);
    // The public alias running version 1 with the old admin role: public and admin.
    expect(found.filter((f) => f.resourceArn === arnOf('eu-west-1', 'bravo', 'live')).map((f) => f.checkId)).toContain('public-invoke');
    expect(found.some((f) => f.checkId === 'admin-access' && f.resourceArn === roleArn('old-admin-role'))).toBe(true);
    // A finding on a function is labelled with the function's region.
    for (const f of found.filter((x) => x.resourceArn.startsWith('arn:aws:lambda:'))) expect(f.region).toBe(f.resourceArn.split(':')[3]);

    const digest = String(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message);
    expect(digest.replace(/\s+/g, ' ')).toContain(`Keycard audit of account ${ACCOUNT} in 3 regions (ap-southeast-2, eu-west-1, us-east-1)`);
    expect(digest).toMatch(/Qualifiers: aliases .*: 1 alias and 1\s+published version judged/s);
    expect(digest).toMatch(/By region \(functions, findings, worst case\)\n {2}ap-southeast-2 +2 +\d+ +0\n {2}eu-west-1 +2 +\d+ +1\n {2}us-east-1 +2 +\d+ +0/);
    expect(digest).toContain(`AWS_REGION=${HOME} keycard audit --live --regions ap-southeast-2,eu-west-1,us-east-1 --format json`);
    expect(digest).toContain(`aws lambda invoke --region ${HOME} --function-name`);
  });

  it('continues across invocations and regions: every lock read once, the same findings as one pass', async () => {
    await auditToTheEnd(() => 600_000, 100);
    const single = findingEvents().map(key).sort();
    const singleLocks = REGIONS.map(locksRead);
    serve();
    handedOver = [];

    // One function per chunk and no time left: one chunk per invocation.
    const responses = await auditToTheEnd(() => 0, 1);
    expect(responses).toHaveLength(6);
    expect(handedOver.map((c) => `${c.region ?? ''}/${c.startAfter}`)).toEqual([
      'ap-southeast-2/alpha',
      'ap-southeast-2/zulu',
      'eu-west-1/alpha',
      'eu-west-1/bravo',
      'us-east-1/alpha',
    ]);
    expect(REGIONS.map(locksRead)).toEqual(singleLocks);
    expect(findingEvents().map(key).sort()).toEqual(single);
    const final = responses.at(-1)!;
    expect(final).toMatchObject({ status: 'complete', invocations: 6, summary: { functionsEvaluated: 6, aliasesEvaluated: 1, versionsEvaluated: 1 } });
    if (final.status === 'complete') {
      expect(final.summary.findings).toBe(single.length);
      expect(Object.values(final.summary.regions ?? {}).map((r) => r.functionsEvaluated)).toEqual([2, 2, 2]);
    }
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('resumes an older continuation (no region) in the stack\'s region only', async () => {
    await runAudit({}, deps(() => 0, 1));
    const legacy = { ...handedOver[0]!, startAfter: 'alpha' };
    delete legacy.region;
    for (const mock of lambdaMocks.values()) mock.resetHistory();
    const response = await runAudit({ continuation: legacy }, deps(() => 600_000, 100));
    expect(response).toMatchObject({ status: 'complete' });
    expect(locksRead('us-east-1')).toEqual(['charlie']);
    expect(locksRead('eu-west-1')).toEqual([]);
    expect(locksRead('ap-southeast-2')).toEqual([]);
  });

  it('audits named functions each in the region its ARN names (a plain name: the stack\'s), IAM once', async () => {
    const response = await runAudit({ functions: [arnOf('eu-west-1', 'bravo'), 'charlie'] }, deps(() => 600_000));
    expect(response).toMatchObject({ status: 'complete', summary: { region: 'eu-west-1,us-east-1', functionsEvaluated: 2, qualifiers: 'aliases' } });
    const calls = (region: string) => lambdaMocks.get(region)!.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName);
    expect(calls('eu-west-1')).toEqual([arnOf('eu-west-1', 'bravo')]);
    expect(calls('us-east-1')).toEqual(['charlie']);
    expect(calls('ap-southeast-2')).toEqual([]);
    if (response.status === 'complete') expect(Object.keys(response.summary.regions ?? {})).toEqual(['eu-west-1', 'us-east-1']);
    expect(findingEvents().some((f) => f.checkId === 'public-invoke' && f.resourceArn === arnOf('eu-west-1', 'bravo', 'live'))).toBe(true);
  });

  it('audits the other regions when one cannot be listed, and says so once', async () => {
    serve({ deniedRegion: 'eu-west-1' });
    const responses = await auditToTheEnd(() => 0, 1);
    const final = responses.at(-1)!;
    expect(final).toMatchObject({ status: 'complete', summary: { functionsEvaluated: 4 } });
    const gaps = findingEvents().filter((f) => f.checkId === 'evaluation-incomplete' && f.resourceArn === `arn:aws:iam::${ACCOUNT}:root`);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.detail).toMatch(/functions of region eu-west-1 \(ListFunctions/);
    expect(gaps[0]!.detail).toMatch(/access denied|not authorized/);
  });
});
