import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import type { IAMClientConfig } from '@aws-sdk/client-iam';
import { fromIni } from '@aws-sdk/credential-providers';

export interface AwsClients {
  iam: IAMClient;
  lambda: LambdaClient;
  sts: STSClient;
}

/** What may differ between clients; everything else comes from the SDK's defaults. */
export type AwsClientsConfig = Pick<IAMClientConfig, 'region' | 'credentials' | 'requestHandler' | 'maxAttempts' | 'profile'>;

/**
 * The SDK clients Keycard reads with. Adaptive retry: throttling responses slow the client down
 * (client-side rate limiting) as well as being retried. Region, credentials and endpoint are left
 * to the SDK's default chains, which read `AWS_REGION`, the standard credential chain (env, SSO,
 * profiles, web identity, container/instance roles) and `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_<SERVICE>` (test/account/live/createAwsClients.test.ts shows all three).
 * With `profile` (the CLI's --profile): that shared-config profile's credentials only (fromIni, so
 * neither AWS_ACCESS_KEY_ID nor an instance role can stand in for it) and its region unless `region` is given.
 */
export function createAwsClients(config: AwsClientsConfig = {}): AwsClients {
  const credentials = config.credentials ?? (config.profile === undefined ? undefined : fromIni({ profile: config.profile }));
  const common = { retryMode: 'adaptive', ...definedOnly({ ...config, credentials }) };
  return { iam: new IAMClient(common), lambda: new LambdaClient(common), sts: new STSClient(common) };
}

const clientsByRegion = new Map<string, AwsClients>();

/**
 * Clients created once per container (Lambda reuses module scope between invocations), one set per
 * region (and profile); `undefined` means the SDK's default region chain (and credential chain).
 */
export function awsClientsFor(region?: string, profile?: string): AwsClients {
  const key = `${region ?? ''} ${profile ?? ''}`;
  let clients = clientsByRegion.get(key);
  if (clients === undefined) {
    clients = createAwsClients(definedOnly({ region, profile }));
    clientsByRegion.set(key, clients);
  }
  return clients;
}

/** An explicit `undefined` would override the SDK's default provider for that setting. */
function definedOnly<T extends object>(config: T): Partial<T> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as Partial<T>;
}
