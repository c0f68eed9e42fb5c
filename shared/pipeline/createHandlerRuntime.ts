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
import { createLiveAccountReader } from '../account/live/createLiveAccountReader.ts';
import type { LiveAccountReader } from '../account/live/LiveAccountReader.ts';
import { listEnabledRegions } from '../account/live/listEnabledRegions.ts';
import { PUBLISHER_CLIENT_CONFIG } from '../alerts/publisherClientConfig.ts';
import { readHandlerConfig } from './HandlerConfig.ts';
import type { HandlerConfig } from './HandlerConfig.ts';
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
}

export function createHandlerRuntime(serviceName: string, env: Record<string, string | undefined> = process.env): HandlerRuntime {
  const config = readHandlerConfig(env);
  return {
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
    listEnabledRegions: () => listEnabledRegions(),
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
