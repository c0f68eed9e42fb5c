import { IAMClient } from '@aws-sdk/client-iam';
import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  LambdaServiceException,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountAccessDeniedError, AccountReadError, AccountThrottledError } from '../../../shared/account/errors.ts';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';
import { loadFixture } from './loadFixture.ts';
import { servePages } from './servePages.ts';

const region = 'us-east-1';
const iam = new IAMClient({ region });
const lambda = new LambdaClient({ region });
const sts = new STSClient({ region });
const lambdaMock = mockClient(lambda);
mockClient(iam);
mockClient(sts);

// Rate limiting has its own tests (RateLimiter.test.ts); here it must not slow anything down.
const reader = () => createLiveAccountReader({ clients: { iam, lambda, sts }, lambdaRate: Number.POSITIVE_INFINITY });
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders-api';
const notFound = (message: string) =>
  new ResourceNotFoundException({ message, Type: 'User', $metadata: { httpStatusCode: 404 } });
const NO_POLICY = 'The resource you requested does not exist.';
const NO_FUNCTION = `Function not found: ${ARN}`;
const accessDenied = new LambdaServiceException({
  name: 'AccessDeniedException',
  $fault: 'client',
  $metadata: { httpStatusCode: 403 },
  message: `User: arn:aws:sts::123456789012:assumed-role/keycard-audit/keycard is not authorized to perform: lambda:GetPolicy on resource: ${ARN}`,
});

beforeEach(() => {
  lambdaMock.reset();
});

describe('listFunctions', () => {
  it('follows NextMarker with the largest page size (50)', async () => {
    const inputs = servePages(lambdaMock, ListFunctionsCommand, ['lambda/list-functions.page1.json', 'lambda/list-functions.page2.json']);
    const live = reader();

    const functions = await live.listFunctions();

    expect(functions.map((fn) => fn.FunctionName)).toEqual(['orders-api', 'billing-worker', 'reports']);
    expect(inputs).toEqual([
      { Marker: undefined, MaxItems: 50 },
      { Marker: 'eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==', MaxItems: 50 },
    ]);
    expect(live.callCounts()).toEqual({ 'lambda:ListFunctions': 2 });
  });

  it('keeps environment variable names but never their values', async () => {
    servePages(lambdaMock, ListFunctionsCommand, ['lambda/list-functions.page1.json', 'lambda/list-functions.page2.json']);

    const functions = await reader().listFunctions();

    expect(Object.keys(functions[0]?.Environment?.Variables ?? {})).toEqual(['TABLE_NAME', 'API_TOKEN']);
    expect(JSON.stringify(functions)).not.toContain('sk_live_DO_NOT_LEAK');
    expect(JSON.stringify(functions)).not.toContain('"orders"');
  });

  it('reports AccessDeniedException as AccountAccessDeniedError', async () => {
    lambdaMock.on(ListFunctionsCommand).rejects(accessDenied);

    await expect(reader().listFunctions()).rejects.toThrow(AccountAccessDeniedError);
  });

  it('reports throttling the SDK gave up retrying as AccountThrottledError with the cause, saying what to do', async () => {
    const throttled = new TooManyRequestsException({ message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded', $metadata: { httpStatusCode: 429, attempts: 3 } });
    lambdaMock.on(ListFunctionsCommand).rejects(throttled);

    const error = await reader().listFunctions().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountThrottledError);
    expect(error).not.toBeInstanceOf(AccountAccessDeniedError);
    expect((error as Error).cause).toBe(throttled);
    expect((error as Error).message).toMatch(/^ListFunctions region: throttled .* run again later, or lower --api-rate/);
  });

  it('does not suggest leaving out an account-level read that was denied', async () => {
    lambdaMock.on(ListFunctionsCommand).rejects(accessDenied);
    const error = (await reader().listFunctions().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('allow lambda:ListFunctions to the identity Keycard runs as');
    expect(error.message).not.toContain('leave this resource out');
  });
});

describe('getFunctionConfiguration', () => {
  it('returns the configuration without environment values or response metadata', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand, { FunctionName: 'orders-api' }).resolves({
      ...loadFixture('lambda/get-function-configuration.json'),
      $metadata: { httpStatusCode: 200, requestId: 'req-1' },
    });

    const fn = await reader().getFunctionConfiguration('orders-api');

    expect(fn).toMatchObject({ FunctionName: 'orders-api', FunctionArn: ARN, Runtime: 'nodejs22.x' });
    expect(fn).not.toHaveProperty('$metadata');
    expect(JSON.stringify(fn)).not.toContain('sk_live_DO_NOT_LEAK');
  });

  it('is undefined for a function that does not exist (deleted after the event)', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).rejects(notFound(NO_FUNCTION));

    await expect(reader().getFunctionConfiguration('orders-api')).resolves.toBeUndefined();
  });
});

describe('getResourcePolicy', () => {
  it('returns the policy as Lambda gives it: a JSON string, with its revision', async () => {
    lambdaMock.on(GetPolicyCommand, { FunctionName: 'orders-api' }).resolves(loadFixture('lambda/get-policy.json'));

    const policy = await reader().getResourcePolicy('orders-api');

    expect(JSON.parse(policy?.Policy as string).Statement[0].Principal).toEqual({ Service: 'apigateway.amazonaws.com' });
    expect(policy?.RevisionId).toBe('9a8b7c6d-0000-4000-8000-000000000000');
  });

  it.each([
    [NO_POLICY, 'none'],
    [NO_FUNCTION, 'function-not-found'],
  ])('reads ResourceNotFoundException "%s" as %s, and as no policy', async (message, state) => {
    lambdaMock.on(GetPolicyCommand).rejects(notFound(message));
    const live = reader();

    await expect(live.lookupResourcePolicy('orders-api')).resolves.toEqual({ state });
    await expect(live.getResourcePolicy('orders-api')).resolves.toBeUndefined();
  });

  it('reports AccessDeniedException naming GetPolicy and the function', async () => {
    lambdaMock.on(GetPolicyCommand).rejects(accessDenied);

    const error = await reader().getResourcePolicy('orders-api').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountAccessDeniedError);
    expect((error as AccountAccessDeniedError).source).toBe('GetPolicy orders-api');
    expect((error as Error).message).toContain('allow lambda:GetPolicy');
  });
});

describe('listFunctionUrlConfigs', () => {
  it('lists the URL configs of one function', async () => {
    lambdaMock.on(ListFunctionUrlConfigsCommand).resolves(loadFixture('lambda/list-function-url-configs.json'));

    const configs = await reader().listFunctionUrlConfigs('orders-api');

    expect(configs).toEqual([expect.objectContaining({ AuthType: 'AWS_IAM', FunctionArn: ARN })]);
    expect(lambdaMock.commandCalls(ListFunctionUrlConfigsCommand)[0]?.args[0].input).toMatchObject({ FunctionName: 'orders-api', MaxItems: 50 });
  });

  it('is empty for a function that does not exist', async () => {
    lambdaMock.on(ListFunctionUrlConfigsCommand).rejects(notFound(NO_FUNCTION));

    await expect(reader().listFunctionUrlConfigs('orders-api')).resolves.toEqual([]);
  });
});

describe('listEventSourceMappings', () => {
  it('lists every mapping in the region across pages', async () => {
    const inputs = servePages(lambdaMock, ListEventSourceMappingsCommand, [
      'lambda/list-event-source-mappings.page1.json',
      'lambda/list-event-source-mappings.page2.json',
    ]);

    const mappings = await reader().listEventSourceMappings();

    expect(mappings.map((m) => m.UUID)).toEqual(['a1b2c3d4-5678-90ab-cdef-11111EXAMPLE', 'a1b2c3d4-5678-90ab-cdef-22222EXAMPLE']);
    expect(inputs).toEqual([
      { Marker: undefined, MaxItems: 100 },
      { Marker: 'esm-page-2', MaxItems: 100 },
    ]);
  });

  it("lists one function's mappings when given its name", async () => {
    const inputs = servePages(lambdaMock, ListEventSourceMappingsCommand, ['lambda/list-event-source-mappings.page2.json']);

    await reader().listEventSourceMappings('reports');

    expect(inputs[0]).toMatchObject({ FunctionName: 'reports' });
  });
});
