/**
 * The live reader of a CLI run (`keycard audit --live`, `keycard snapshot`). With `--profile`, its
 * clients take that shared-config profile's credentials only (fromIni: neither environment keys
 * nor an instance role can stand in for it) and its region unless `region` is given; the
 * credentials are resolved first, so a profile that does not exist (or holds no credentials) is
 * reported as that, not as a missing region or a failed first call. Kept apart from
 * createLiveAccountReader so the Lambda bundles, which never take a profile, leave fromIni out.
 * With `credentials` (`keycard audit --live --org`: a member account's role), the reader signs with
 * those; the profile then only supplies the credentials that assumed the role (see profileCredentials).
 */
import { fromIni } from '@aws-sdk/credential-providers';
import { AccountReadError } from '../errors.ts';
import { createAwsClients } from './createAwsClients.ts';
import { createLiveAccountReader } from './createLiveAccountReader.ts';
import type { CreateLiveAccountReaderOptions } from './createLiveAccountReader.ts';
import type { LiveAccountReader } from './LiveAccountReader.ts';

export interface OpenLiveAccountReaderOptions extends Omit<CreateLiveAccountReaderOptions, 'clients'> {
  /** A profile of the shared AWS config files (`~/.aws/config`, `~/.aws/credentials`). */
  profile?: string;
}

export async function openLiveAccountReader(options: OpenLiveAccountReaderOptions = {}): Promise<LiveAccountReader> {
  const { profile, ...rest } = options;
  // Given credentials (another account's role, assumed with the profile's credentials if any) are what the reader signs with.
  if (profile === undefined || rest.credentials !== undefined) return createLiveAccountReader(rest);
  const clients = createAwsClients({
    profile,
    credentials: fromIni({ profile }),
    ...(options.region === undefined ? {} : { region: options.region }),
  });
  try {
    await clients.sts.config.credentials();
  } catch (error) {
    throw profileError(profile, error);
  }
  return createLiveAccountReader({ ...rest, clients });
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

/**
 * The profile's credentials, checked first as openLiveAccountReader checks them: the credentials that
 * assume each member account's role in `keycard audit --live --org --profile NAME`.
 */
export async function profileCredentials(profile: string): Promise<ReturnType<typeof fromIni>> {
  const credentials = fromIni({ profile });
  try {
    await credentials();
  } catch (error) {
    throw profileError(profile, error);
  }
  return credentials;
}
