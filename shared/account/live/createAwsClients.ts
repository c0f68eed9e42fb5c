import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { IAMClientConfig } from '@aws-sdk/client-iam';

export interface AwsClients {
  iam: IAMClient;
  lambda: LambdaClient;
  sts: STSClient;
  /** Optional: only the stack asks for its own organization (LiveAccountReader.organizationId). */
  organizations?: OrganizationsClient;
}

/** What may differ between clients; everything else comes from the SDK's defaults. */
export type AwsClientsConfig = Pick<IAMClientConfig, 'region' | 'credentials' | 'requestHandler' | 'maxAttempts' | 'profile'>;

/**
 * The SDK clients Keycard reads with. Adaptive retry: throttling responses slow the client down
 * (client-side rate limiting) as well as being retried. Region, credentials and endpoint are left
 * to the SDK's default chains, which read `AWS_REGION`, the standard credential chain (env, SSO,
 * profiles, web identity, container/instance roles) and `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_<SERVICE>` (test/account/live/createAwsClients.test.ts shows all three).
 */
export function createAwsClients(config: AwsClientsConfig = {}): AwsClients {
  const common = { retryMode: 'adaptive', ...definedOnly(config) };
  return {
    iam: new IAMClient(common),
    lambda: new LambdaClient(common),
    sts: new STSClient(common),
    organizations: new OrganizationsClient(common),
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
