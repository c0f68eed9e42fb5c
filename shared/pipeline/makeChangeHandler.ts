/**
 * Builds the Lambda handler for CloudTrail change events: parse the envelope into a typed event,
 * run handleChangeEvent with a fresh reader per invocation (managed-policy cache scoped to it), log
 * and count the outcome, and make repeated deliveries of the same CloudTrail event idempotent.
 * An unreadable event is logged with its id and counted, then thrown, so Lambda's retries and the
 * on-failure queue keep it: it is never dropped silently.
 *
 * A role change that concerns more functions than one invocation reads (ROLE_CHANGE_CHUNK_SIZE) is
 * split: each part invokes this function again, asynchronously, with the same event under the event
 * id `<id>#part-<n>` (so each part is idempotent on its own) and where to carry on (`keycardRoleChange`).
 */
import { roleArnFor } from '../account/live/assumeRoleCredentials.ts';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import type { AccountReader } from '../account/AccountReader.ts';
import { makeEventIdempotent } from '../alerts/makeEventIdempotent.ts';
import { EventParseError } from '../events/errors.ts';
import { parseEventBridgeCloudTrailEvent } from '../events/parseEventBridgeCloudTrailEvent.ts';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { handleChangeEvent } from './handleChangeEvent.ts';
import { readMuteList } from './readMuteList.ts';
import type { ChangeEventResult } from './handleChangeEvent.ts';
import type { EventBridgeCloudTrailEvent } from '../events/types.ts';
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';
import type { HandlerConfig } from './HandlerConfig.ts';
import { parseLambdaArn } from '../facts/parseLambdaArn.ts';
import { PipelineError } from './errors.ts';
import { resolveWatchedRegions } from './resolveWatchedRegions.ts';
import type { IncompleteFact } from '../facts/types.ts';
import { DynamoRoleFunctionIndex } from './DynamoRoleFunctionIndex.ts';
import { parseRoleChangeProgress, ROLE_CHANGE_PROGRESS_FIELD } from './parseRoleChangeProgress.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';

/**
 * Functions a role change reads per invocation. Each costs about 3 Lambda calls (GetFunctionConfiguration,
 * GetPolicy, ListEventSourceMappings): at the handler's 1/8 of AuditApiRate (1.25/s at the default 10)
 * 15 take ~36 s, which still fits the handler's timeout after a cold listing of 10,000 functions
 * (201 pages, ~160 s; docs/deploy.md has the arithmetic).
 */
export const DEFAULT_ROLE_CHANGE_CHUNK_SIZE = 15;

export interface ChangeHandlerDeps {
  config: HandlerConfig;
  /** A new reader for each invocation, on clients created once per container. */
  /** With a region: a reader for that region (a Lambda event forwarded from another region). */
  newReader: (region?: string) => AccountReader;
  /**
   * Organization mode (config.organization): a reader for another account of the organization,
   * through its read role (an event forwarded by templates/organization-member.yaml).
   */
  memberReader?: (accountId: string, region?: string) => AccountReader;
  /** Organization mode: an IAM client acting through that account's remediation role. */
  memberRemediationIam?: (accountId: string) => IAMClient;
  /** Organization mode: a member account's name (organizations:DescribeAccount), undefined when unreadable. */
  accountName?: (accountId: string) => Promise<string | undefined>;
  iam: IAMClient;
  sns: SNSClient;
  eventBridge: EventBridgeClient;
  dynamoDB: DynamoDBClient;
  /** Invokes this function again for the next part of a split role change; without it changes are read whole. */
  lambda?: LambdaClient;
  /** The account's enabled regions (account:ListRegions), for WatchedRegions=all; without it `all` reads the stack's region only. */
  listEnabledRegions?: () => Promise<string[]>;
  /** Reads the mute list (config.muteListParameter) once per invocation; without it nothing is muted. */
  ssm?: SSMClient;
  logger: Logger;
  metrics: Metrics;
}

export function makeChangeHandler(deps: ChangeHandlerDeps): (event: unknown, context: Context) => Promise<ChangeEventResult> {
  const handle = async (raw: unknown, context: Context): Promise<ChangeEventResult> => {
    deps.logger.addContext(context);
    // Once per container (Powertools keeps track): how often Lambda starts a new one.
    deps.metrics.captureColdStartMetric(context.functionName);
    let event;
    try {
      event = parseEventBridgeCloudTrailEvent(raw);
    } catch (error) {
      if (error instanceof EventParseError) {
        deps.logger.error('unreadable event', { eventId: error.eventId, path: error.path, error });
        deps.metrics.addMetric('UnreadableEvents', MetricUnit.Count, 1);
        deps.metrics.publishStoredMetrics();
      }
      throw error;
    }
    deps.logger.appendKeys({ eventId: event.detail.eventID, eventName: event.detail.eventName, account: event.account });
    const resume = parseRoleChangeProgress(raw);
    try {
      const { member, ...access } = accountAccess(event, context, deps);
      // IAM is global: a role change concerns the role's functions in every watched region (Lambda events: their own region).
      const watched = event.source === 'aws.lambda' ? undefined : await watchedRegionReaders(event, context, deps);
      if (watched?.gap !== undefined) deps.logger.error('enabled regions not listed: the stack\'s region only', { gap: watched.gap });
      const muteList = deps.ssm === undefined ? { mutes: [] } : await readMuteList(deps.ssm, deps.config.muteListParameter);
      if (muteList.problem !== undefined) deps.logger.error('mute list not applied: nothing is muted', { problem: muteList.problem });
      const accountName = member ? await deps.accountName?.(event.account) : undefined;
      const result = await handleChangeEvent(event, {
        mutes: muteList.mutes,
        ...(accountName === undefined ? {} : { accountName }),
        // The event's account and region: the reader, remediation client and own roles for them (accountAccess).
        ...access,
        ...(watched === undefined || watched.readers.size === 0 ? {} : { regionReaders: watched.readers }),
        ...(watched?.gap === undefined ? {} : { regionGaps: [watched.gap] }),
        sns: deps.sns,
        eventBridge: deps.eventBridge,
        log: (message, fields) => deps.logger.info(message, fields ?? {}),
        ...(deps.config.visibilityRetryDelaysMs === undefined ? {} : { retryDelaysMs: deps.config.visibilityRetryDelaysMs }),
        // Every mode remembers what it decided, so a retry reports the same outcome (issue 9).
        remediateOnce: (remediate: () => Promise<RemediationOutcome[]>) => remediateOnce(event, context, remediate, deps),
        // The role index holds the hub's own account (its audit fills it): another account's roles are listed.
        ...(deps.config.tableDisabled === true || member
          ? {}
          : { roleIndex: new DynamoRoleFunctionIndex({ client: deps.dynamoDB, tableName: deps.config.idempotencyTableName }) }),
        roleChangeChunkSize: deps.config.roleChangeChunkSize ?? DEFAULT_ROLE_CHANGE_CHUNK_SIZE,
        ...(resume === undefined ? {} : { resume }),
        ...(deps.lambda === undefined
          ? {}
          : { continueRoleChange: (next: RoleChangeProgress) => continueRoleChange(deps.lambda!, context.invokedFunctionArn, raw, next) }),
      });
      deps.logger.info('event handled', { result });
      deps.metrics.addMetric(`Events${capitalised(result.outcome)}`, MetricUnit.Count, 1);
      if (result.outcome === 'evaluated') {
        deps.metrics.addMetric('Findings', MetricUnit.Count, result.summary.findings);
        deps.metrics.addMetric('Remediations', MetricUnit.Count, result.remediations.filter((r) => r.applied).length);
      }
      return result;
    } catch (error) {
      deps.logger.error('evaluation failed; the event will be retried, then dead-lettered', { error });
      deps.metrics.addMetric('FailedEvaluations', MetricUnit.Count, 1);
      throw error;
    } finally {
      deps.metrics.publishStoredMetrics();
      deps.logger.removeKeys(['eventId', 'eventName', 'account']);
    }
  };
  return makeEventIdempotent(handle, { tableName: deps.config.idempotencyTableName, dynamoDBClient: deps.dynamoDB });
}

/**
 * Every remediation outcome decided for an event (applied, blocked, exempt, failed, dry-run, ...) is
 * stored under its id (idempotency step `remediate`). If alerting fails afterwards, EventBridge's
 * retry gets what was decided instead of re-deciding: a role fixed a moment ago would otherwise say
 * nothing, and a `failed` change would be tried again. Outcomes are small (one per remediable finding).
 */
async function remediateOnce(
  event: EventBridgeCloudTrailEvent,
  context: Context,
  remediate: () => Promise<RemediationOutcome[]>,
  deps: Pick<ChangeHandlerDeps, 'config' | 'dynamoDB'>,
): Promise<RemediationOutcome[]> {
  let fresh: RemediationOutcome[] | undefined;
  const step = makeEventIdempotent(
    async (): Promise<RemediationOutcome[]> => {
      fresh = await remediate();
      return fresh;
    },
    { tableName: deps.config.idempotencyTableName, dynamoDBClient: deps.dynamoDB, step: 'remediate' },
  );
  const stored = await step(event, context);
  return fresh ?? stored;
}

/**
 * How the event's account is read and remediated. A Lambda event is about a function in the region
 * it came from (templates/lambda-event-forwarder.yaml and the organization member stack forward
 * events unchanged); IAM is global, so its events use the stack's region. In organization mode an
 * event of another account is read through that account's read role and remediated through its
 * remediation role, and those two roles count as Keycard's own (their changes are not remediated,
 * nor alerted twice).
 */
function accountAccess(
  event: EventBridgeCloudTrailEvent,
  context: Context,
  deps: ChangeHandlerDeps,
): { reader: AccountReader; iam: IAMClient; config: HandlerConfig; member: boolean } {
  const region = event.source === 'aws.lambda' ? event.region : undefined;
  const self = parseLambdaArn(context.invokedFunctionArn);
  const organization = deps.config.organization;
  if (organization === undefined || self === undefined || event.account === self.accountId) {
    return { reader: deps.newReader(region), iam: deps.iam, config: deps.config, member: false };
  }
  if (deps.memberReader === undefined || deps.memberRemediationIam === undefined) {
    throw new PipelineError(`Event ${event.detail.eventID} is from account ${event.account}, but this handler cannot assume roles in other accounts.`);
  }
  const roles = [organization.readRoleName, organization.remediationRoleName].map((name) => roleArnFor(event.account, name, self.partition));
  return {
    reader: deps.memberReader(event.account, region),
    iam: deps.memberRemediationIam(event.account),
    config: { ...deps.config, ownRoleArns: [...deps.config.ownRoleArns, ...roles] },
    member: true,
  };
}

/**
 * The other watched regions (WatchedRegions), each with a reader of the event's account there: the
 * stack's own account through newReader, a member account (organization mode) through its read role.
 */
async function watchedRegionReaders(
  event: EventBridgeCloudTrailEvent,
  context: Context,
  deps: ChangeHandlerDeps,
): Promise<{ readers: Map<string, AccountReader>; gap?: IncompleteFact }> {
  const self = parseLambdaArn(context.invokedFunctionArn);
  // The region handleChangeEvent judges an IAM event in.
  const home = deps.config.region ?? event.region;
  const configured = deps.config.watchedRegions;
  if (configured !== 'all' && configured.every((r) => r === home)) return { readers: new Map() };
  const listEnabled = deps.listEnabledRegions ?? (async () => [home]);
  const { regions, gap } = await resolveWatchedRegions(configured, home, listEnabled);
  const member = deps.config.organization !== undefined && self !== undefined && event.account !== self.accountId;
  const readerIn = (region: string): AccountReader => (member ? deps.memberReader!(event.account, region) : deps.newReader(region));
  return { readers: new Map(regions.filter((r) => r !== home).map((r) => [r, readerIn(r)])), ...(gap === undefined ? {} : { gap }) };
}

/**
 * The next part of a split role change: the same event under the part's own id, and the progress.
 * Asynchronous: Lambda retries it, then sends it to the on-failure queue, so a part is never lost.
 */
async function continueRoleChange(lambda: LambdaClient, functionArn: string, raw: unknown, next: RoleChangeProgress): Promise<void> {
  const event = raw as EventBridgeCloudTrailEvent;
  const baseId = event.detail.eventID.replace(/#part-\d+$/, '');
  const payload = { ...event, detail: { ...event.detail, eventID: `${baseId}#part-${next.part + 1}` }, [ROLE_CHANGE_PROGRESS_FIELD]: next };
  await lambda.send(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'Event', Payload: JSON.stringify(payload) }));
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
