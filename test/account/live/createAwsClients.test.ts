import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountAccessDeniedError, AccountReadError } from '../../../shared/account/errors.ts';
import { awsClientsFor, createAwsClients } from '../../../shared/account/live/createAwsClients.ts';
import { TimeBoundRetryStrategy } from '../../../shared/account/live/TimeBoundRetryStrategy.ts';
import { LiveAccountReader } from '../../../shared/account/live/LiveAccountReader.ts';
import { fakeAwsHttp, iamXml, lambdaError, lambdaJson } from './fakeAwsHttp.ts';
import { loadFixture } from './loadFixture.ts';

// These tests run the real SDK stack (serializers, signing, adaptive retries, XML/JSON error
// parsing, middleware) against recorded HTTP responses; only the socket is replaced.
const credentials = { accessKeyId: 'AKIAKEYCARDTEST', secretAccessKey: 'secret' };
const ROLE_ROUTES = {
  ListAttachedRolePolicies: [iamXml('iam-list-attached-role-policies.xml')],
  ListRolePolicies: [iamXml('iam-list-role-policies.xml')],
};
const POLICY_PATH = 'GET /2015-03-31/functions/orders-api/policy';

function readerOn(routes: Parameters<typeof fakeAwsHttp>[0], lambdaRate = 1000) {
  const http = fakeAwsHttp(routes);
  const clients = createAwsClients({ region: 'us-east-1', credentials, requestHandler: http.requestHandler });
  return { reader: new LiveAccountReader({ clients, lambdaRate }), http, clients };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createAwsClients', () => {
  it('bounds retries by time on every client', async () => {
    const clients = createAwsClients({ region: 'eu-west-1', credentials });
    for (const client of [clients.iam, clients.lambda, clients.sts]) {
      expect(await client.config.retryStrategy()).toBeInstanceOf(TimeBoundRetryStrategy);
    }
  });

  it('creates the clients once per region and reuses them', () => {
    expect(awsClientsFor('eu-central-1')).toBe(awsClientsFor('eu-central-1'));
    expect(awsClientsFor('eu-central-1')).not.toBe(awsClientsFor('eu-north-1'));
  });

  it('takes the region, the credentials and the endpoint from AWS_REGION, the credential chain and AWS_ENDPOINT_URL', async () => {
    vi.stubEnv('AWS_REGION', 'ap-southeast-2');
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://localhost:4566');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMENVIRONMENT');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-environment');
    vi.stubEnv('AWS_PROFILE', '');
    const http = fakeAwsHttp({ [POLICY_PATH]: [lambdaJson(loadFixture('lambda/get-policy.json'))] });
    const clients = createAwsClients({ requestHandler: http.requestHandler });
    const reader = new LiveAccountReader({ clients });

    await reader.getResourcePolicy('orders-api');

    expect(await clients.lambda.config.region()).toBe('ap-southeast-2');
    expect(http.seen[0]).toMatchObject({ hostname: 'localhost', port: 4566, protocol: 'http:' });
    expect(http.seen[0]?.authorization).toContain('Credential=AKIAFROMENVIRONMENT/');
    expect(http.seen[0]?.authorization).toContain('/ap-southeast-2/lambda/aws4_request');
  });
});

describe('LiveAccountReader over the real SDK stack', () => {
  it('retries an IAM Throttling error and counts the retry as an attempt, not a call', async () => {
    const { reader } = readerOn({
      GetRole: [iamXml('iam-throttling.xml', 400), iamXml('iam-get-role.xml')],
      ...ROLE_ROUTES,
    });

    const role = await reader.getRole('orders-api-role');

    expect(role?.Arn).toBe('arn:aws:iam::123456789012:role/service-role/orders-api-role');
    expect(reader.callCounts()['iam:GetRole']).toBe(1);
    expect(reader.attemptCounts()['iam:GetRole']).toBe(2);
    expect(reader.throttleCount()).toBe(1);
  });

  it('retries Lambda TooManyRequestsException (429) and then reads the policy', async () => {
    const { reader } = readerOn({
      [POLICY_PATH]: [
        { ...lambdaError(429, 'TooManyRequestsException', 'Rate exceeded'), headers: { 'x-amzn-errortype': 'TooManyRequestsException', 'retry-after': '0' } },
        lambdaJson(loadFixture('lambda/get-policy.json')),
      ],
    });

    const policy = await reader.getResourcePolicy('orders-api');

    expect(policy?.RevisionId).toBe('9a8b7c6d-0000-4000-8000-000000000000');
    expect(reader.callCounts()).toEqual({ 'lambda:GetPolicy': 1 });
    expect(reader.attemptCounts()).toEqual({ 'lambda:GetPolicy': 2 });
  });

  it('decodes the URL-encoded trust policy of a GetRole XML response', async () => {
    const { reader } = readerOn({ GetRole: [iamXml('iam-get-role.xml')], ...ROLE_ROUTES });

    const role = await reader.getRole('orders-api-role');

    expect(JSON.parse(role?.AssumeRolePolicyDocument as string)).toMatchObject({
      Statement: [{ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(role?.Tags).toEqual([{ Key: 'team', Value: 'orders' }]);
    expect(role?.AttachedManagedPolicies).toEqual([
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
    ]);
  });

  it('reads NoSuchEntity (404) as a role that is not there', async () => {
    const { reader } = readerOn({
      GetRole: [iamXml('iam-no-such-entity.xml', 404)],
      ListAttachedRolePolicies: [iamXml('iam-no-such-entity.xml', 404)],
      ListRolePolicies: [iamXml('iam-no-such-entity.xml', 404)],
    });

    await expect(reader.getRole('orders-api-role')).resolves.toBeUndefined();
  });

  it('turns IAM AccessDenied (403) into AccountAccessDeniedError naming call, resource and permission', async () => {
    const { reader } = readerOn({ GetRole: [iamXml('iam-access-denied.xml', 403)], ...ROLE_ROUTES });

    const error = await reader.getRole('orders-api-role').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountAccessDeniedError);
    expect((error as AccountAccessDeniedError).source).toBe('GetRole orders-api-role');
    expect((error as Error).message).toContain('allow iam:GetRole');
  });

  it('turns Lambda AccessDeniedException (403) into AccountAccessDeniedError', async () => {
    const { reader } = readerOn({
      [POLICY_PATH]: [
        lambdaError(403, 'AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/keycard-audit/keycard is not authorized to perform: lambda:GetPolicy on resource: arn:aws:lambda:us-east-1:123456789012:function:orders-api because no identity-based policy allows the lambda:GetPolicy action'),
      ],
    });

    const error = await reader.getResourcePolicy('orders-api').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountAccessDeniedError);
    expect((error as Error).message).toContain('GetPolicy orders-api');
  });

  it.each([
    ['The resource you requested does not exist.', 'none'],
    ['Function not found: arn:aws:lambda:us-east-1:123456789012:function:orders-api', 'function-not-found'],
  ])('tells Lambda ResourceNotFoundException "%s" apart as %s', async (message, state) => {
    const { reader } = readerOn({ [POLICY_PATH]: [lambdaError(404, 'ResourceNotFoundException', message)] });

    await expect(reader.lookupResourcePolicy('orders-api')).resolves.toEqual({ state });
    await expect(reader.getResourcePolicy('orders-api')).resolves.toBeUndefined();
  });

  it('reads the account id, partition and region of the caller', async () => {
    const { reader } = readerOn({ GetCallerIdentity: [iamXml('sts-get-caller-identity.xml')] });

    await expect(reader.identity()).resolves.toEqual({ accountId: '123456789012', partition: 'aws', region: 'us-east-1' });
  });

  it('asks STS again after a failed identity read instead of keeping the failure', async () => {
    const { reader } = readerOn({
      GetCallerIdentity: [iamXml('iam-access-denied.xml', 403), iamXml('sts-get-caller-identity.xml')],
    });

    await expect(reader.identity()).rejects.toThrow(AccountAccessDeniedError);
    await expect(reader.identity()).resolves.toMatchObject({ accountId: '123456789012' });
  });
});

describe('LiveAccountReader without configuration', () => {
  /** No region, no credentials anywhere the default chains look (and no instance metadata). */
  function bareEnvironment(): void {
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/keycard/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/keycard/credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  }

  it('says to set a region when none is configured', async () => {
    bareEnvironment();
    const http = fakeAwsHttp({});
    const reader = new LiveAccountReader({ clients: createAwsClients({ credentials, requestHandler: http.requestHandler }) });

    const error = await reader.listFunctions().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountReadError);
    expect((error as Error).message).toMatch(/set AWS_REGION/);
    expect(http.seen).toEqual([]);
  });

  it('says how to provide credentials when the chain finds none', async () => {
    bareEnvironment();
    const http = fakeAwsHttp({});
    const reader = new LiveAccountReader({ clients: createAwsClients({ region: 'us-east-1', requestHandler: http.requestHandler }) });

    const error = await reader.listFunctions().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AccountReadError);
    expect((error as Error).message).toMatch(/no AWS credentials found/);
    expect(http.seen).toEqual([]);
  });
});
