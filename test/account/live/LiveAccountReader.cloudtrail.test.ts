import {
  CloudTrailClient,
  CloudTrailServiceException,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';

const region = 'eu-west-1';
const ACCOUNT = '123456789012';
const cloudtrail = new CloudTrailClient({ region });
const clients = { iam: new IAMClient({ region }), lambda: new LambdaClient({ region }), sts: new STSClient({ region }), cloudtrail };
const trailMock = mockClient(cloudtrail);
const reader = () => createLiveAccountReader({ clients, lambdaRate: Number.POSITIVE_INFINITY });

/** DescribeTrails entries as CloudTrail returns them (includeShadowTrails: true). */
const ORG_TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;
const LOCAL_TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu-data-events`;
const OTHER_REGION_TRAIL = `arn:aws:cloudtrail:us-west-2:${ACCOUNT}:trail/oregon-only`;
const trail = (arn: string, homeRegion: string, multiRegion: boolean): Trail => ({
  Name: arn.split('/').pop()!,
  S3BucketName: `cloudtrail-logs-${ACCOUNT}`,
  IncludeGlobalServiceEvents: multiRegion,
  IsMultiRegionTrail: multiRegion,
  HomeRegion: homeRegion,
  TrailARN: arn,
  LogFileValidationEnabled: true,
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
  IsOrganizationTrail: multiRegion,
});
const DEFAULT_SELECTORS = { EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }] };
const denied = (action: string) =>
  new CloudTrailServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/keycard-audit/keycard is not authorized to perform: ${action}`,
  });

beforeEach(() => {
  trailMock.reset();
});

describe('readTrailStatus', () => {
  it('is delivering with a multi-region trail homed elsewhere that logs management events (asked for shadow trails, by ARN)', async () => {
    trailMock.on(DescribeTrailsCommand).resolves({ trailList: [trail(ORG_TRAIL, 'us-east-1', true)] });
    trailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    trailMock.on(GetEventSelectorsCommand).resolves({ TrailARN: ORG_TRAIL, ...DEFAULT_SELECTORS });
    const live = reader();
    expect(await live.readTrailStatus()).toEqual({ status: 'delivering', trailArns: [ORG_TRAIL] });
    expect(trailMock.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: true });
    expect(trailMock.commandCalls(GetTrailStatusCommand)[0]!.args[0].input).toEqual({ Name: ORG_TRAIL });
    expect(trailMock.commandCalls(GetEventSelectorsCommand)[0]!.args[0].input).toEqual({ TrailName: ORG_TRAIL });
    expect(live.callCounts()).toMatchObject({ 'cloudtrail:DescribeTrails': 1, 'cloudtrail:GetTrailStatus': 1, 'cloudtrail:GetEventSelectors': 1 });
  });

  it('counts advanced selectors that select eventCategory Management', async () => {
    trailMock.on(DescribeTrailsCommand).resolves({ trailList: [trail(LOCAL_TRAIL, region, false)] });
    trailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    trailMock.on(GetEventSelectorsCommand).resolves({
      TrailARN: LOCAL_TRAIL,
      AdvancedEventSelectors: [{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }],
    });
    expect(await reader().readTrailStatus()).toEqual({ status: 'delivering', trailArns: [LOCAL_TRAIL] });
  });

  it('is stopped when the only trail covering the region is not logging, and names it', async () => {
    trailMock.on(DescribeTrailsCommand).resolves({ trailList: [trail(ORG_TRAIL, 'us-east-1', true)] });
    trailMock.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    trailMock.on(GetEventSelectorsCommand).resolves({ TrailARN: ORG_TRAIL, ...DEFAULT_SELECTORS });
    expect(await reader().readTrailStatus()).toEqual({ status: 'stopped', trailArns: [ORG_TRAIL], reason: `${ORG_TRAIL} is not logging.` });
  });

  it.each([
    ['data events only', { EventSelectors: [{ ReadWriteType: 'All' as const, IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] }],
    ['read-only management events', { EventSelectors: [{ ReadWriteType: 'ReadOnly' as const, IncludeManagementEvents: true }] }],
    ['advanced selectors for data events', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] }],
    ['advanced selectors for read-only management events', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }] }],
  ])('is stopped when a logging trail selects %s', async (_name, selectors) => {
    trailMock.on(DescribeTrailsCommand).resolves({ trailList: [trail(LOCAL_TRAIL, region, false)] });
    trailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    trailMock.on(GetEventSelectorsCommand).resolves({ TrailARN: LOCAL_TRAIL, ...selectors });
    const status = await reader().readTrailStatus();
    expect(status).toMatchObject({ status: 'stopped', trailArns: [LOCAL_TRAIL] });
    expect(status?.reason).toContain('exclude write management events');
  });

  it('is delivering when one of several trails delivers', async () => {
    trailMock.on(DescribeTrailsCommand).resolves({ trailList: [trail(LOCAL_TRAIL, region, false), trail(ORG_TRAIL, 'us-east-1', true)] });
    trailMock.on(GetTrailStatusCommand, { Name: LOCAL_TRAIL }).resolves({ IsLogging: false });
    trailMock.on(GetTrailStatusCommand, { Name: ORG_TRAIL }).resolves({ IsLogging: true });
    trailMock.on(GetEventSelectorsCommand).resolves(DEFAULT_SELECTORS);
    expect(await reader().readTrailStatus()).toEqual({ status: 'delivering', trailArns: [ORG_TRAIL] });
  });

  it.each([
    ['no trail at all', []],
    ['only a single-region trail of another region', [trail(OTHER_REGION_TRAIL, 'us-west-2', false)]],
  ])('is absent with %s', async (_name, trailList) => {
    trailMock.on(DescribeTrailsCommand).resolves({ trailList });
    expect(await reader().readTrailStatus()).toEqual({ status: 'absent', trailArns: [] });
    expect(trailMock.commandCalls(GetTrailStatusCommand)).toHaveLength(0);
  });

  it.each(['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'])(
    'is unreadable, naming the permission, when %s is denied',
    async (action) => {
      trailMock.on(DescribeTrailsCommand).resolves({ trailList: [trail(ORG_TRAIL, 'us-east-1', true)] });
      trailMock.on(GetTrailStatusCommand).resolves({ IsLogging: true });
      trailMock.on(GetEventSelectorsCommand).resolves(DEFAULT_SELECTORS);
      const command = { 'cloudtrail:DescribeTrails': DescribeTrailsCommand, 'cloudtrail:GetTrailStatus': GetTrailStatusCommand, 'cloudtrail:GetEventSelectors': GetEventSelectorsCommand }[action]!;
      trailMock.on(command as typeof DescribeTrailsCommand).rejects(denied(action));
      const status = await reader().readTrailStatus();
      expect(status).toMatchObject({ status: 'unreadable', trailArns: [] });
      expect(status?.reason).toContain(`allow ${action} to the identity Keycard runs as`);
      expect(status?.reason).toContain('AccessDeniedException');
    },
  );

  it('is unreadable, not a throw, when the read fails otherwise', async () => {
    trailMock.on(DescribeTrailsCommand).rejects(new CloudTrailServiceException({ name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 }, message: 'boom' }));
    const status = await reader().readTrailStatus();
    expect(status).toMatchObject({ status: 'unreadable' });
    expect(status?.reason).toBe('cloudtrail:DescribeTrails failed (InternalFailure: boom).');
  });

  it('says nothing when the reader has no CloudTrail client', async () => {
    const { cloudtrail: _none, ...withoutTrail } = clients;
    expect(await createLiveAccountReader({ clients: withoutTrail, lambdaRate: Number.POSITIVE_INFINITY }).readTrailStatus()).toBeUndefined();
  });
});
