import type { AwsCredentialIdentityProvider } from './assumeRoleCredentials.ts';
import { awsClientsFor, createAwsClients } from './createAwsClients.ts';
import type { AwsClients } from './createAwsClients.ts';
import { LiveAccountReader } from './LiveAccountReader.ts';

export interface CreateLiveAccountReaderOptions {
  /** Default: the SDK's region chain (`AWS_REGION`, then the profile's region). */
  region?: string;
  /** Lambda control-plane requests per second (default 10; Lambda's quota is 15, shared). */
  lambdaRate?: number;
  /** Clients to use instead of the container's shared ones (tests, custom endpoints). */
  clients?: Partial<AwsClients>;
  /**
   * Read with these credentials (another account's role: assumeRoleCredentials) on clients of this
   * reader's own, instead of the container's shared ones. Clients given in `clients` are kept as they are.
   */
  credentials?: AwsCredentialIdentityProvider;
}

/**
 * A reader for one invocation or CLI run, on the container's shared clients (created once per
 * region, adaptive retries, standard credential chain, `AWS_ENDPOINT_URL` honoured); or, with
 * `credentials`, on clients of its own that sign with them (one account of an organization).
 */
export function createLiveAccountReader(options: CreateLiveAccountReaderOptions = {}): LiveAccountReader {
  let own: AwsClients | undefined;
  const { credentials, region } = options;
  const shared = (): AwsClients =>
    credentials === undefined ? awsClientsFor(region) : (own ??= createAwsClients({ credentials, ...(region === undefined ? {} : { region }) }));
  const clients: AwsClients = {
    iam: options.clients?.iam ?? shared().iam,
    lambda: options.clients?.lambda ?? shared().lambda,
    sts: options.clients?.sts ?? shared().sts,
  };
  // Callers that bring their own clients get no Organizations client unless they bring one too.
  const organizations = options.clients ? options.clients.organizations : shared().organizations;
  if (organizations !== undefined) clients.organizations = organizations;
  // Likewise CloudTrail (readTrailStatus): without a client the trail status is simply not read.
  const cloudtrail = options.clients ? options.clients.cloudtrail : shared().cloudtrail;
  if (cloudtrail !== undefined) clients.cloudtrail = cloudtrail;
  return new LiveAccountReader({
    clients,
    ...(options.lambdaRate === undefined ? {} : { lambdaRate: options.lambdaRate }),
  });
}
