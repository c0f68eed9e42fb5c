import { IAMClient, ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { awsClientsFor } from '../../../shared/account/live/createAwsClients.ts';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';
import { LiveAccountReader } from '../../../shared/account/live/LiveAccountReader.ts';
import { loadFixture } from './loadFixture.ts';

describe('createLiveAccountReader', () => {
  it('uses the given clients and the shared ones of the region for the rest', async () => {
    const lambda = new LambdaClient({ region: 'eu-west-3', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    mockClient(lambda).on(GetPolicyCommand).resolves(loadFixture('lambda/get-policy.json'));
    const shared = awsClientsFor('eu-west-3');
    const sharedLambda = mockClient(shared.lambda);

    const reader = createLiveAccountReader({ region: 'eu-west-3', clients: { lambda } });
    await reader.getResourcePolicy('orders-api');

    expect(reader).toBeInstanceOf(LiveAccountReader);
    expect(sharedLambda.calls()).toHaveLength(0);
    expect(reader.callCounts()).toEqual({ 'lambda:GetPolicy': 1 });
    sharedLambda.restore();
  });

  it('gives each reader its own counts and cache over the same clients', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const first = createLiveAccountReader({ clients: { iam } });
    const second = createLiveAccountReader({ clients: { iam } });
    mockClient(iam).on(ListEntitiesForPolicyCommand).resolves({ PolicyRoles: [], IsTruncated: false });

    await first.listRolesWithPolicy('arn:aws:iam::123456789012:policy/p');

    expect(first.callCounts()).toEqual({ 'iam:ListEntitiesForPolicy': 1 });
    expect(second.callCounts()).toEqual({});
  });

  it('keeps to the Lambda rate it is given, 10 per second by default (the progress line estimates time from it)', () => {
    expect(createLiveAccountReader({ region: 'us-east-1', lambdaRate: 7 }).lambdaRate).toBe(7);
    expect(createLiveAccountReader({ region: 'us-east-1' }).lambdaRate).toBe(10);
  });

  it('refuses a Lambda rate that is not a positive number', () => {
    expect(() => createLiveAccountReader({ region: 'us-east-1', lambdaRate: 0 })).toThrow(/positive number of requests per second/);
  });
});
