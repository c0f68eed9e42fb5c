import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';
import { readAccountRecords } from '../../../shared/account/readAccountRecords.ts';
import { loadFixture } from './loadFixture.ts';
import { servePages } from './servePages.ts';

const region = 'us-east-1';
const iam = new IAMClient({ region });
const lambda = new LambdaClient({ region });
const sts = new STSClient({ region });
const iamMock = mockClient(iam);
const lambdaMock = mockClient(lambda);
mockClient(sts);

/** A region of `n` functions (the fixture function renamed), served 50 per ListFunctions page as Lambda does. */
function mockRegion(n: number): void {
  const template = loadFixture<{ Functions: FunctionConfiguration[] }>('lambda/list-functions.page2.json').Functions[0];
  const functions = Array.from({ length: n }, (_, i) => ({
    ...template,
    FunctionName: `fn-${i}`,
    FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:fn-${i}`,
  }));
  lambdaMock.on(ListFunctionsCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
    const start = Number(input.Marker ?? 0);
    const end = start + Math.min(input.MaxItems ?? 50, 50);
    return { Functions: functions.slice(start, end), ...(end < n ? { NextMarker: String(end) } : {}) };
  });
  // Every other function has a resource policy; the rest answer "no policy".
  lambdaMock.on(GetPolicyCommand).callsFake((input: { FunctionName: string }) => {
    if (Number(input.FunctionName.slice(3)) % 2 === 0) return loadFixture('lambda/get-policy.json');
    throw new ResourceNotFoundException({ message: 'The resource you requested does not exist.', $metadata: {} });
  });
  lambdaMock.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
  servePages(lambdaMock, ListEventSourceMappingsCommand, ['lambda/list-event-source-mappings.page2.json']);
  servePages(iamMock, GetAccountAuthorizationDetailsCommand, [
    'iam/get-account-authorization-details.page1.json',
    'iam/get-account-authorization-details.page2.json',
  ]);
}

describe('calls made by a bulk audit read (readAccountRecords over the live reader)', () => {
  it.each([1, 50, 51, 120])('for %s functions: N GetPolicy, ceil(N/50) ListFunctions, IAM pages only, nothing per role', async (n) => {
    iamMock.reset();
    lambdaMock.reset();
    mockRegion(n);
    const reader = createLiveAccountReader({ clients: { iam, lambda, sts }, lambdaRate: Number.POSITIVE_INFINITY });

    const records = await readAccountRecords(reader);

    expect(records.functions).toHaveLength(n);
    expect(records.resourcePolicies.size).toBe(Math.ceil(n / 2));
    expect(records.problems).toEqual([]);
    const counts = reader.callCounts();
    expect(counts['lambda:GetPolicy']).toBe(n);
    expect(counts['lambda:ListFunctions']).toBe(Math.ceil(n / 50));
    expect(counts['lambda:ListEventSourceMappings']).toBe(1);
    expect(counts['iam:GetAccountAuthorizationDetails']).toBe(2);
    const iamApis = Object.keys(counts).filter((api) => api.startsWith('iam:'));
    expect(iamApis).toEqual(['iam:GetAccountAuthorizationDetails']);
  });
});
