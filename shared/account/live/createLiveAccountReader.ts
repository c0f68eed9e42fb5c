import { AccountReadError } from '../errors.ts';
import { awsClientsFor } from './createAwsClients.ts';
import type { AwsClients } from './createAwsClients.ts';
import { LiveAccountReader } from './LiveAccountReader.ts';

export interface CreateLiveAccountReaderOptions {
  /** Default: the SDK's region chain (`AWS_REGION`, then the profile's region). */
  region?: string;
  /** A profile of the shared AWS config files: its credentials, and its region unless `region` is given. */
  profile?: string;
  /** Lambda control-plane requests per second (default 10; Lambda's quota is 15, shared). */
  lambdaRate?: number;
  /** Clients to use instead of the container's shared ones (tests, custom endpoints). */
  clients?: Partial<AwsClients>;
}

/**
 * A reader for one invocation or CLI run, on the container's shared clients (created once per
 * region, adaptive retries, standard credential chain, `AWS_ENDPOINT_URL` honoured).
 */
export function createLiveAccountReader(options: CreateLiveAccountReaderOptions = {}): LiveAccountReader {
  return new LiveAccountReader({
    clients: clientsOf(options),
    ...(options.lambdaRate === undefined ? {} : { lambdaRate: options.lambdaRate }),
  });
}

/**
 * createLiveAccountReader for a CLI run: with a profile, its credentials are resolved first, so a
 * profile that does not exist (or holds no credentials) is reported as that, not as a missing
 * region or a failed first call.
 */
export async function openLiveAccountReader(options: CreateLiveAccountReaderOptions = {}): Promise<LiveAccountReader> {
  const reader = createLiveAccountReader(options);
  const { profile } = options;
  if (profile === undefined) return reader;
  try {
    await clientsOf(options).sts.config.credentials();
  } catch (error) {
    throw profileError(profile, error);
  }
  return reader;
}

function clientsOf(options: CreateLiveAccountReaderOptions): AwsClients {
  const shared = (): AwsClients => awsClientsFor(options.region, options.profile);
  return {
    iam: options.clients?.iam ?? shared().iam,
    lambda: options.clients?.lambda ?? shared().lambda,
    sts: options.clients?.sts ?? shared().sts,
  };
}

function profileError(profile: string, error: unknown): AccountReadError {
  const message = error instanceof Error ? error.message : String(error);
  const files = `${process.env.AWS_CONFIG_FILE ?? '~/.aws/config'}, ${process.env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'}`;
  // fromIni says this both for a profile that is not there and for one without any credentials setting.
  if (/could not resolve credentials using profile/i.test(message)) {
    return new AccountReadError(
      `--profile ${profile}`,
      `no such profile with credentials in ${files}; 'aws configure list-profiles' lists the profiles there`,
      { cause: error },
    );
  }
  const sso = /sso|token/i.test(message) ? `; if it is an SSO profile, sign in again with 'aws sso login' for it` : '';
  return new AccountReadError(`--profile ${profile}`, `cannot get its credentials (${message})${sso}`, { cause: error });
}
