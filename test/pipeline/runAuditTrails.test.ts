/**
 * The audit's trail check across watched regions: each region's trails are read through that
 * region's own reader (its own CloudTrail client, as DescribeTrails and GetTrailStatus answer for
 * the endpoint's region), one no-management-events-trail finding per region not covered, and the
 * digest names the uncovered regions at its top.
 */
import { CloudTrailClient, CloudTrailServiceException, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import type { Finding } from '../../shared/checks/types.ts';
import { runAudit } from '../../shared/pipeline/runAudit.ts';
import type { AuditDeps } from '../../shared/pipeline/runAudit.ts';
import { mockedPerRegion } from '../support/mockedPerRegion.ts';

const ACCOUNT = '111122223333';
const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
const REGIONS = [OTHER, HOME];
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const CHECK = 'no-management-events-trail';

const iam = new IAMClient({ region: HOME });
const sns = new SNSClient({ region: HOME });
const eventBridge = new EventBridgeClient({ region: HOME });
const iamMock = mockClient(iam);
const snsMock = mockClient(sns);
const busMock = mockClient(eventBridge);
const { clients: lambdas, mocks: lambdaMocks } = mockedPerRegion(REGIONS, (region) => new LambdaClient({ region }));
const { clients: cloudtrails, mocks: trailMocks } = mockedPerRegion(REGIONS, (region) => new CloudTrailClient({ region }));

const doc = (statement: object) => ({ Version: '2012-10-17', Statement: [statement] });
const TRUST = encodeURIComponent(JSON.stringify(doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })));
const LOGS = encodeURIComponent(JSON.stringify(doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' })));
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ok-role`;

/** A trail as DescribeTrails (includeShadowTrails) lists it. */
const trail = (name: string, home: string, multiRegion: boolean): Trail => ({
  Name: name,
  TrailARN: `arn:aws:cloudtrail:${home}:${ACCOUNT}:trail/${name}`,
  HomeRegion: home,
  IsMultiRegionTrail: multiRegion,
  IsOrganizationTrail: false,
  S3BucketName: `aws-cloudtrail-logs-${ACCOUNT}`,
});
const LOCAL = trail('local-trail', HOME, false);
const MULTI = trail('org-trail', OTHER, true);

const denied = () =>
  new CloudTrailServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'not authorized to perform cloudtrail:DescribeTrails' });

/** What each region's DescribeTrails answers: the trails it lists, or denied. */
function serve(trailsIn: Record<string, Trail[] | 'denied'>): void {
  for (const stub of [iamMock, snsMock, busMock, ...lambdaMocks.values(), ...trailMocks.values()]) stub.reset();
  iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
    RoleDetailList: [{ RoleName: 'ok-role', Arn: ROLE, Path: '/', AssumeRolePolicyDocument: TRUST, RolePolicyList: [{ PolicyName: 'logs', PolicyDocument: LOGS }], AttachedManagedPolicies: [] }],
    Policies: [],
    IsTruncated: false,
  });
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
  busMock.on(PutEventsCommand).callsFake((input: { Entries?: unknown[] }) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e-${i}` })) }));
  for (const [region, mock] of lambdaMocks) {
    const arn = `arn:aws:lambda:${region}:${ACCOUNT}:function:only`;
    mock.on(ListFunctionsCommand).resolves({ Functions: [{ FunctionName: 'only', FunctionArn: arn, Role: ROLE, Runtime: 'nodejs22.x', Version: '$LATEST', PackageType: 'Zip' }] });
    mock.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
    mock.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    mock.on(GetPolicyCommand).rejects(new ResourceNotFoundException({ message: 'The resource you requested does not exist.', $metadata: {} }));
  }
  for (const [region, mock] of trailMocks) {
    const listed = trailsIn[region] ?? [];
    if (listed === 'denied') mock.on(DescribeTrailsCommand).rejects(denied());
    else mock.on(DescribeTrailsCommand).resolves({ trailList: listed });
    mock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    mock.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] });
  }
}

function deps(): AuditDeps {
  const readerFor = (region: string) =>
    createLiveAccountReader({ region, lambdaRate: Number.POSITIVE_INFINITY, clients: { iam, lambda: lambdas.get(region)!, cloudtrail: cloudtrails.get(region)! } });
  return {
    reader: readerFor(HOME),
    readerFor,
    regions: [OTHER],
    sns,
    eventBridge,
    config: { findingsTopicArn: `arn:aws:sns:${HOME}:${ACCOUNT}:keycard-findings`, trustedAccountIds: [], alertMessageStructure: 'text' },
    identity: { accountId: ACCOUNT, region: HOME, partition: 'aws' },
    remainingTimeMs: () => 600_000,
    continueAudit: async () => undefined,
    log: () => undefined,
    now: () => new Date('2026-12-06T06:00:00Z'),
  };
}

const trailFindings = (): (Finding & { region: string })[] =>
  busMock
    .commandCalls(PutEventsCommand)
    .flatMap((call) => ((call.args[0].input as { Entries?: PutEventsRequestEntry[] }).Entries ?? []).map((e) => JSON.parse(e.Detail ?? '{}') as Finding & { region: string }))
    .filter((f) => f.checkId === CHECK);
const digestText = () => String(snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '');
/** The digest's top paragraph (after the opening lines), on one line. */
const topOfDigest = () => (digestText().split('\n\n')[1] ?? '').replace(/\s+/g, ' ');

beforeEach(() => serve({}));

describe('runAudit: the trail of every watched region', () => {
  it('asks each region its own trails, through that region\'s client, shadow trails included', async () => {
    serve({ [HOME]: [LOCAL, MULTI], [OTHER]: [MULTI] });
    await runAudit({}, deps());
    for (const region of REGIONS) {
      const calls = trailMocks.get(region)!.commandCalls(DescribeTrailsCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.args[0].input).toEqual({ includeShadowTrails: true });
    }
  });

  it('reports exactly one finding, naming the region, when only the other region has a trail', async () => {
    // A single-region trail homed in us-east-1: eu-west-1's DescribeTrails does not list it.
    serve({ [HOME]: [LOCAL], [OTHER]: [] });
    const response = await runAudit({}, deps());
    expect(response).toMatchObject({ status: 'complete', summary: { byCheck: { [CHECK]: 1 } } });
    const [finding, ...more] = trailFindings();
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ checkId: CHECK, severity: 'high', resourceArn: ROOT, functionArns: [], region: OTHER });
    expect(finding!.detail).toContain(`Account ${ACCOUNT} in ${OTHER}: no trail`);
    expect(finding!.remediation.cli).toContain(`--region ${OTHER}`);
    const top = topOfDigest();
    expect(top).toMatch(/^WARNING: .*\(no-management-events-trail\)/);
    expect(top).toContain(`No CloudTrail trail delivers management events in ${OTHER}`);
    expect(top).not.toContain(HOME);
  });

  it('reports nothing when a multi-region trail covers both regions', async () => {
    serve({ [HOME]: [MULTI], [OTHER]: [MULTI] });
    const response = await runAudit({}, deps());
    expect(response.status).toBe('complete');
    expect(response.status === 'complete' ? (response.summary.byCheck[CHECK] ?? 0) : undefined).toBe(0);
    expect(trailFindings()).toEqual([]);
    expect(digestText()).not.toContain('WARNING');
    // Each region asked for the trail's status through its own endpoint.
    for (const region of REGIONS) expect(trailMocks.get(region)!.commandCalls(GetTrailStatusCommand)).toHaveLength(1);
  });

  it('says "not readable" for the region whose trails are denied, and nothing for the covered one', async () => {
    serve({ [HOME]: [MULTI], [OTHER]: 'denied' });
    await runAudit({}, deps());
    const [finding, ...more] = trailFindings();
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ checkId: CHECK, severity: 'medium', resourceArn: ROOT, region: OTHER });
    expect(finding!.title).toContain('could not be read');
    expect(finding!.detail).toContain(`in ${OTHER}: the trails could not be read`);
    expect(finding!.detail).toContain('allow cloudtrail:DescribeTrails');
    expect(finding!.remediation.cli).toBe(`aws cloudtrail describe-trails --include-shadow-trails --region ${OTHER}`);
    expect(topOfDigest()).toMatch(/^WARNING: .*\(no-management-events-trail\)/);
  });

  it('names every uncovered region at the top of the digest, one finding each', async () => {
    serve({ [HOME]: [], [OTHER]: 'denied' });
    const response = await runAudit({}, deps());
    expect(response).toMatchObject({ status: 'complete', summary: { byCheck: { [CHECK]: 2 } } });
    expect(trailFindings().map((f) => [f.region, f.severity]).sort()).toEqual([
      [OTHER, 'medium'],
      [HOME, 'high'],
    ]);
    const top = topOfDigest();
    expect(top).toMatch(/^WARNING: 2 watched regions have no CloudTrail trail known to deliver management events \((eu-west-1, us-east-1|us-east-1, eu-west-1)\);/);
    expect(top).toContain('(no-management-events-trail)');
  });

  it('judges the trails of the regions a named-function audit reads', async () => {
    serve({ [HOME]: [LOCAL], [OTHER]: [] });
    const response = await runAudit({ functions: [`arn:aws:lambda:${OTHER}:${ACCOUNT}:function:only`] }, deps());
    expect(response).toMatchObject({ status: 'complete', summary: { byCheck: { [CHECK]: 1 } } });
    expect(digestText()).toContain(`No CloudTrail trail delivers management events in ${OTHER}`);
  });
});
