/**
 * What the commands need from the outside world, injectable so tests can audit "live" through a
 * fake reader without AWS. The live reader and snapshot writer are imported lazily: a snapshot
 * audit never loads the AWS SDK.
 */
import type { AccountReader } from '../shared/account/AccountReader.ts';
import type { ReadAccountRecordsOptions } from '../shared/account/readAccountRecords.ts';
import type { QualifierMode } from '../shared/account/records.ts';
import type { AwsCredentialIdentityProvider } from '../shared/account/live/assumeRoleCredentials.ts';
import type { OrganizationAccounts } from '../shared/account/live/listOrganizationAccounts.ts';

export interface LiveReaderOptions {
  region?: string;
  lambdaRate?: number;
  /** A profile of the shared AWS config files (credentials, and region unless `region` is given). */
  profile?: string;
  /** Sign with these instead (`--org`: a member account's role); the reader gets clients of its own. */
  credentials?: AwsCredentialIdentityProvider;
}

/** `--org`: a member account's role, assumed with the CLI's credentials (or --profile's). */
export interface AssumeRoleOptions {
  accountId: string;
  roleName: string;
  partition: string;
  /** Where STS is called. */
  region: string;
  profile?: string;
}

/**
 * A live reader also counts the calls it made (shown on stderr after a live run), the throttled
 * ones, and knows its Lambda rate budget (for the progress line's time estimate).
 */
export type CountingAccountReader = AccountReader & {
  callCounts?(): Record<string, number>;
  throttleCount?(): number;
  readonly lambdaRate?: number;
  /** Retries (attempts beyond the first) and throttled attempts, for the closing line. */
  callStats?(): { retries: number; throttles: number };
};

export interface CliDeps {
  createLiveReader(options: LiveReaderOptions): Promise<CountingAccountReader>;
  writeSnapshot(
    reader: AccountReader,
    dir: string,
    options?: Pick<ReadAccountRecordsOptions, 'onProgress'> & { qualifiers?: QualifierMode },
  ): Promise<{ files: number }>;
  /** The account's enabled regions (`--regions all`); optional so fakes without it still type-check. */
  listEnabledRegions?(): Promise<string[]>;
  /** `--org`: credentials of the role in another account (one session per account, shared by its readers). */
  assumeRole?(options: AssumeRoleOptions): Promise<AwsCredentialIdentityProvider>;
  /** `--org` without `--accounts`: the organization's accounts (management or delegated administrator account). */
  listOrganizationAccounts?(options: { profile?: string; region: string }): Promise<OrganizationAccounts>;
}

export const defaultCliDeps: CliDeps = {
  async createLiveReader(options) {
    const { openLiveAccountReader } = await import('../shared/account/live/openLiveAccountReader.ts');
    return openLiveAccountReader(options);
  },
  async listEnabledRegions() {
    const { listEnabledRegions } = await import('../shared/account/live/listEnabledRegions.ts');
    return listEnabledRegions();
  },
  async assumeRole({ profile, ...role }) {
    const { assumeRoleCredentials } = await import('../shared/account/live/assumeRoleCredentials.ts');
    const masterCredentials = profile === undefined ? undefined : await credentialsOfProfile(profile);
    return assumeRoleCredentials({ ...role, ...(masterCredentials === undefined ? {} : { masterCredentials }) });
  },
  async listOrganizationAccounts({ profile, region }) {
    const { listOrganizationAccounts } = await import('../shared/account/live/listOrganizationAccounts.ts');
    const { createAwsClients } = await import('../shared/account/live/createAwsClients.ts');
    const credentials = profile === undefined ? undefined : await credentialsOfProfile(profile);
    const { organizations } = createAwsClients({ region, ...(credentials === undefined ? {} : { credentials }) });
    return listOrganizationAccounts({ ...(organizations === undefined ? {} : { client: organizations }), alternative: 'or name the accounts to audit with --accounts ID,...' });
  },
  async writeSnapshot(reader, dir, options = {}) {
    const { writeSnapshot } = await import('../shared/account/snapshot/writeSnapshot.ts');
    return writeSnapshot(reader, dir, undefined, options);
  },
};

/** One provider per profile for the run, so its credentials are read (and an SSO session refreshed) once. */
const profileProviders = new Map<string, Promise<AwsCredentialIdentityProvider>>();

async function credentialsOfProfile(profile: string): Promise<AwsCredentialIdentityProvider> {
  let provider = profileProviders.get(profile);
  if (provider === undefined) {
    const { profileCredentials } = await import('../shared/account/live/openLiveAccountReader.ts');
    provider = profileCredentials(profile);
    profileProviders.set(profile, provider);
  }
  return provider;
}
