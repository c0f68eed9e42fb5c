/**
 * What every handler creates once per container: configuration (checked at cold start), SDK
 * clients, the Powertools logger and metrics. Clients are shared across invocations; readers are
 * made per invocation so their caches never outlive one evaluation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { classifyAwsError } from '../account/live/classifyAwsError.ts';
import { createLiveAccountReader } from '../account/live/createLiveAccountReader.ts';
import { awsClientsFor, createAwsClients } from '../account/live/createAwsClients.ts';
import type { LiveAccountReader } from '../account/live/LiveAccountReader.ts';
import { listEnabledRegions } from '../account/live/listEnabledRegions.ts';
import { PUBLISHER_CLIENT_CONFIG } from '../alerts/publisherClientConfig.ts';
import { readHandlerConfig } from './HandlerConfig.ts';
import type { HandlerConfig, OrganizationConfig } from './HandlerConfig.ts';
import { assumeRoleCredentials } from '../account/live/assumeRoleCredentials.ts';
import type { AwsCredentialIdentityProvider } from '../account/live/assumeRoleCredentials.ts';
import { listOrganizationAccounts } from '../account/live/listOrganizationAccounts.ts';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { partitionOfRegion } from './partitionOfRegion.ts';
import type { OrganizationAccount } from './OrganizationAuditContinuation.ts';

export interface HandlerRuntime {
  config: HandlerConfig;
  /** With a region: a reader for that region's Lambda (an event forwarded from another region). */
  newReader: (region?: string) => LiveAccountReader;
  iam: IAMClient;
  lambda: LambdaClient;
  sns: SNSClient;
  eventBridge: EventBridgeClient;
  dynamoDB: DynamoDBClient;
  /** The account's enabled regions (account:ListRegions), for the audit's WatchedRegions=all. */
  listEnabledRegions: () => Promise<string[]>;
  /** Reads the mute list parameter (MUTE_LIST_PARAMETER), once per invocation. */
  ssm: SSMClient;
  logger: Logger;
  metrics: Metrics;
  /** Organization mode: a reader for another account, through its read role (and that region's Lambda). */
  memberReader?: (accountId: string, region?: string) => LiveAccountReader;
  /** Organization mode: an IAM client acting through the account's remediation role. */
  memberRemediationIam?: (accountId: string) => IAMClient;
  /** Organization mode: the organization's accounts (organizations:ListAccounts, every page). */
  listOrganizationAccounts?: () => Promise<OrganizationAccount[]>;
  /** Organization mode: a member account's name (organizations:DescribeAccount, once per container). */
  accountName?: (accountId: string) => Promise<string | undefined>;
}

export function createHandlerRuntime(serviceName: string, env: Record<string, string | undefined> = process.env): HandlerRuntime {
  const config = readHandlerConfig(env);
  return {
    ...(config.organization === undefined ? {} : organizationAccess(config, config.organization, serviceName)),
    config,
    // Each container's share of the stack's budget: reserved concurrency x share sums to at most 1.
    newReader: (region?: string) =>
      createLiveAccountReader({ lambdaRate: config.auditApiRate * config.lambdaRateShare, ...(region === undefined ? {} : { region }) }),
    // Writes (remediation) use standard retries; reads go through the live reader's time-bounded clients.
    iam: new IAMClient({ maxAttempts: 5 }),
    lambda: new LambdaClient({ maxAttempts: 5 }),
    sns: new SNSClient(PUBLISHER_CLIENT_CONFIG),
    eventBridge: new EventBridgeClient(PUBLISHER_CLIENT_CONFIG),
    dynamoDB: new DynamoDBClient({}),
    // Regions are enabled or disabled rarely: one ListRegions per container per hour, not per event.
    listEnabledRegions: remembered(ENABLED_REGIONS_TTL_MS, () => listEnabledRegions()),
    ssm: new SSMClient({ maxAttempts: 5 }),
    // POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE (template.yaml) win; the names given
    // here only fill in where the environment does not say (local runs, tests).
    logger: new Logger(env['POWERTOOLS_SERVICE_NAME']?.trim() ? {} : { serviceName }),
    metrics: new Metrics({
      ...(env['POWERTOOLS_SERVICE_NAME']?.trim() ? {} : { serviceName }),
      ...(env['POWERTOOLS_METRICS_NAMESPACE']?.trim() ? {} : { namespace: 'Keycard' }),
    }),
  };
}

/**
 * Organization mode: the member accounts through their roles (templates/organization-member.yaml).
 * One credentials provider per account and role for the container's life (one AssumeRole per hour,
 * not per invocation); readers stay per invocation, as for the own account.
 */
function organizationAccess(
  config: HandlerConfig,
  organization: OrganizationConfig,
  serviceName: string,
): Pick<HandlerRuntime, 'memberReader' | 'memberRemediationIam' | 'listOrganizationAccounts' | 'accountName'> {
  const region = config.region;
  const providers = new Map<string, AwsCredentialIdentityProvider>();
  const credentialsFor = (accountId: string, roleName: string): AwsCredentialIdentityProvider => {
    const key = `${roleName}@${accountId}`;
    let provider = providers.get(key);
    if (provider === undefined) {
      // The member's CloudTrail names the session after the function (keycard-on-role-change, ...).
      provider = assumeRoleCredentials({ accountId, roleName, region: region ?? 'us-east-1', partition: partitionOfRegion(region ?? 'us-east-1'), sessionName: serviceName });
      providers.set(key, provider);
    }
    return provider;
  };
  const remediationClients = new Map<string, IAMClient>();
  return {
    memberReader: (accountId, readRegion) => {
      const where = readRegion ?? region;
      const member = createAwsClients({ credentials: credentialsFor(accountId, organization.readRoleName), ...(where === undefined ? {} : { region: where }) });
      return createLiveAccountReader({
        lambdaRate: config.auditApiRate * config.lambdaRateShare,
        // A member's organization is the hub's (its role trusts principals of the organization only):
        // asked with the hub's own credentials, once per container (checkOptionsFor).
        clients: { ...member, organizations: awsClientsFor(where).organizations },
      });
    },
    memberRemediationIam: (accountId) => {
      let client = remediationClients.get(accountId);
      if (client === undefined) {
        client = new IAMClient({ maxAttempts: 5, credentials: credentialsFor(accountId, organization.remediationRoleName) });
        remediationClients.set(accountId, client);
      }
      return client;
    },
    accountName: accountNames(new OrganizationsClient({ maxAttempts: 3 })),
    listOrganizationAccounts: async () =>
      (await listOrganizationAccounts({ client: new OrganizationsClient({}), alternative: 'or name the accounts in the stack parameter OrganizationAccountIds' })).accounts,
  };
}

/**
 * Member accounts' names for their alerts, asked once per account per container. Optional: where
 * the hub may not describe accounts (not the management account or a delegated administrator), the
 * alert names the account by id only, and the first refusal stops further asking.
 */
export function accountNames(client: OrganizationsClient): (accountId: string) => Promise<string | undefined> {
  const names = new Map<string, Promise<string | undefined>>();
  let refused = false;
  return (accountId) => {
    if (refused) return Promise.resolve(undefined);
    let name = names.get(accountId);
    if (name === undefined) {
      name = Promise.resolve()
        .then(() => client.send(new DescribeAccountCommand({ AccountId: accountId })))
        .then(
          (out) => out?.Account?.Name,
          (error: unknown) => {
            // Denied, or no organization to describe: asking again would be refused again.
            if (classifyAwsError(error) === 'access-denied' || (error instanceof Error && error.name === 'AWSOrganizationsNotInUseException')) refused = true;
            names.delete(accountId); // another error: ask again next time
            return undefined;
          },
        );
      names.set(accountId, name);
    }
    return name;
  };
}

/** How long a container trusts its list of enabled regions (WatchedRegions=all). */
const ENABLED_REGIONS_TTL_MS = 60 * 60 * 1000;

/** `read`'s last successful answer for `ttlMs`; a failure is never remembered (the next call asks again). */
export function remembered<T>(ttlMs: number, read: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let kept: { value: Promise<T>; until: number } | undefined;
  return () => {
    if (kept !== undefined && now() < kept.until) return kept.value;
    const value = read();
    const entry = { value, until: now() + ttlMs };
    kept = entry;
    value.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return value;
  };
}
