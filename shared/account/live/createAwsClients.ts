import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { IAMClientConfig } from '@aws-sdk/client-iam';
import { TimeBoundRetryStrategy } from './TimeBoundRetryStrategy.ts';
import type { TimeBoundRetryOptions } from './TimeBoundRetryStrategy.ts';

export interface AwsClients {
  iam: IAMClient;
  lambda: LambdaClient;
  sts: STSClient;
  /** Optional: only the stack asks for its own organization (LiveAccountReader.organizationId). */
  organizations?: OrganizationsClient;
  /** Optional: whether a trail delivers management events (LiveAccountReader.readTrailStatus). */
  cloudtrail?: CloudTrailClient;
}

/** What may differ between clients; everything else comes from the SDK's defaults. */
export type AwsClientsConfig = Pick<IAMClientConfig, 'region' | 'credentials' | 'requestHandler' | 'profile'> & {
  /** How retries are spaced and how long one call may keep retrying (TimeBoundRetryStrategy). */
  retry?: TimeBoundRetryOptions;
};

/**
 * The SDK clients Keycard reads with. Retries are bounded by time, not by a small count (see
 * TimeBoundRetryStrategy): a throttled read keeps trying while the reader's RateLimiter slows down,
 * instead of giving up after three attempts. Region, credentials and endpoint are left
 * to the SDK's default chains, which read `AWS_REGION`, the standard credential chain (env, SSO,
 * profiles, web identity, container/instance roles) and `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_<SERVICE>` (test/account/live/createAwsClients.test.ts shows all three).
 */
export function createAwsClients(config: AwsClientsConfig = {}): AwsClients {
  const { retry, ...rest } = config;
  const common = { retryStrategy: new TimeBoundRetryStrategy(retry), ...definedOnly(rest) };
  return {
    iam: new IAMClient(common),
    lambda: new LambdaClient(common),
    sts: new STSClient(common),
    organizations: new OrganizationsClient(common),
    cloudtrail: new CloudTrailClient(common),
  };
}

const clientsByRegion = new Map<string, AwsClients>();

/**
 * Clients created once per container (Lambda reuses module scope between invocations), one set per
 * region; `undefined` means the SDK's default region chain.
 */
export function awsClientsFor(region?: string): AwsClients {
  const key = region ?? '';
  let clients = clientsByRegion.get(key);
  if (clients === undefined) {
    clients = createAwsClients(region === undefined ? {} : { region });
    clientsByRegion.set(key, clients);
  }
  return clients;
}

/** An explicit `undefined` would override the SDK's default provider for that setting. */
function definedOnly<T extends object>(config: T): Partial<T> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as Partial<T>;
}
