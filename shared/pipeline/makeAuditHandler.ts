/**
 * Builds the audit handler: parse the payload (`{}`, `{"functions": [...]}`, a scheduled event, or
 * a continuation written by a previous invocation), run the audit, and hand over to a new
 * invocation of this same function when the account is too large for one.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { parseAuditRequest } from '../events/parseAuditRequest.ts';
import { parseLambdaArn } from '../facts/parseLambdaArn.ts';
import type { AuditContinuation } from './AuditContinuation.ts';
import type { HandlerRuntime } from './createHandlerRuntime.ts';
import { parseAuditContinuation } from './parseAuditContinuation.ts';
import { PipelineError } from './errors.ts';
import { DynamoRoleFunctionIndex } from './DynamoRoleFunctionIndex.ts';
import { readMuteList } from './readMuteList.ts';
import { resolveWatchedRegions } from './resolveWatchedRegions.ts';
import type { ResolvedRegions } from './resolveWatchedRegions.ts';
import { runAudit } from './runAudit.ts';
import type { AuditResponse } from './runAudit.ts';
import type { AccountReader } from '../account/AccountReader.ts';
import type { OrganizationConfig } from './HandlerConfig.ts';
import type { OrganizationAccount, OrganizationAuditContinuation } from './OrganizationAuditContinuation.ts';
import { parseOrganizationAuditContinuation } from './parseOrganizationAuditContinuation.ts';
import { runOrganizationAudit } from './runOrganizationAudit.ts';
import type { OrganizationAuditResponse } from './runOrganizationAudit.ts';

export function makeAuditHandler(runtime: HandlerRuntime): (event: unknown, context: Context) => Promise<AuditResponse | OrganizationAuditResponse> {
  return async (event, context) => {
    runtime.logger.addContext(context);
    // Once per container (Powertools keeps track): how often Lambda starts a new one.
    runtime.metrics.captureColdStartMetric(context.functionName);
    const continuation = parseAuditContinuation(event);
    const organizationContinuation = parseOrganizationAuditContinuation(event);
    // A scheduled run arrives as an EventBridge "Scheduled Event": audit the whole region.
    const request = continuation !== undefined || organizationContinuation !== undefined || isScheduledEvent(event) ? {} : parseAuditRequest(event);
    // The audit's own ARN says which account, region and partition it audits.
    const self = parseLambdaArn(context.invokedFunctionArn);
    if (self === undefined) throw new PipelineError(`Cannot read the account and region from the invoked function ARN "${context.invokedFunctionArn}".`);
    const reader = runtime.newReader();
    const watched = await watchedRegions(runtime, self.region);
    // One reader per other region: each has its own rate budget, as Lambda's quotas are per region.
    const regionalReaders = new Map(watched.regions.filter((r) => r !== self.region).map((r) => [r, runtime.newReader(r)]));
    const ownReaderFor = (region: string) => regionalReaders.get(region) ?? runtime.newReader(region);
    const muteList = await readMuteList(runtime.ssm, runtime.config.muteListParameter);
    if (muteList.problem !== undefined) runtime.logger.error('mute list not applied: nothing is muted', { problem: muteList.problem });
    // Organization mode: every account of the organization (named functions stay in the hub's account).
    const organization = runtime.config.organization;
    if (organization !== undefined && request.functions === undefined && continuation === undefined) {
      try {
        const response = await runOrganizationAudit(organizationContinuation === undefined ? {} : { continuation: organizationContinuation }, {
          hub: { accountId: self.accountId, region: self.region, partition: self.partition },
          listAccounts: () => listAccountsOf(runtime, organization),
          readerFor: (accountId) => (accountId === self.accountId ? reader : memberReaderOf(runtime)(accountId)),
          readRoleName: organization.readRoleName,
          concurrency: organization.accountConcurrency,
          sns: runtime.sns,
          eventBridge: runtime.eventBridge,
          config: runtime.config,
          remainingTimeMs: () => context.getRemainingTimeInMillis(),
          continueAudit: (next) => continueIn(runtime, context.invokedFunctionArn, { organizationContinuation: next }),
          log: (message, fields) => runtime.logger.info(message, fields ?? {}),
          auditFunctionName: context.functionName,
          mutes: muteList.mutes,
          ...(runtime.config.auditChunkSize === undefined ? {} : { chunkSize: runtime.config.auditChunkSize }),
          // Every account in the watched regions, with the configured qualifiers; the role index (one
          // per table) holds the hub's own account only, so the hub's change handlers list members' roles.
          accountOptions: (accountId) => ({
            qualifiers: runtime.config.auditQualifiers,
            regions: watched.regions,
            ...(watched.gap === undefined ? {} : { gaps: [watched.gap] }),
            ...(accountId === self.accountId
              ? {
                  readerFor: ownReaderFor,
                  ...roleIndexOf(runtime),
                }
              : { readerFor: (region: string) => memberReaderOf(runtime)(accountId, region) }),
          }),
        });
        runtime.logger.info('organization audit invocation done', { status: response.status });
        if (response.status === 'complete') runtime.metrics.addMetric('AuditFindings', MetricUnit.Count, response.summary.findings);
        return response;
      } finally {
        runtime.metrics.publishStoredMetrics();
      }
    }
    try {
      const response = await runAudit(
        { ...request, ...(continuation === undefined ? {} : { continuation }) },
        {
          reader,
          sns: runtime.sns,
          eventBridge: runtime.eventBridge,
          config: runtime.config,
          identity: { accountId: self.accountId, region: self.region, partition: self.partition },
          remainingTimeMs: () => context.getRemainingTimeInMillis(),
          continueAudit: (next: AuditContinuation) => continueIn(runtime, context.invokedFunctionArn, { continuation: next }),
          log: (message, fields) => runtime.logger.info(message, fields ?? {}),
          auditFunctionName: context.functionName,
          mutes: muteList.mutes,
          ...roleIndexOf(runtime),
          ...(runtime.config.auditChunkSize === undefined ? {} : { chunkSize: runtime.config.auditChunkSize }),
          qualifiers: runtime.config.auditQualifiers,
          regions: watched.regions,
          readerFor: ownReaderFor,
          ...(watched.gap === undefined ? {} : { gaps: [watched.gap] }),
        },
      );
      const apiCalls = Object.fromEntries([[self.region, reader.callCounts()], ...[...regionalReaders].map(([r, rr]) => [r, rr.callCounts()])]);
      runtime.logger.info('audit invocation done', { status: response.status, apiCalls });
      if (response.status === 'complete') runtime.metrics.addMetric('AuditFindings', MetricUnit.Count, response.summary.findings);
      return response;
    } finally {
      runtime.metrics.publishStoredMetrics();
    }
  };
}

async function continueIn(
  runtime: HandlerRuntime,
  functionArn: string,
  payload: { continuation: AuditContinuation } | { organizationContinuation: OrganizationAuditContinuation },
): Promise<void> {
  // Asynchronous: this invocation returns now; Lambda retries the next one, then sends it to the
  // on-failure destination, so a failed hand-over is never lost.
  await runtime.lambda.send(new InvokeCommand({ FunctionName: functionArn, InvocationType: 'Event', Payload: JSON.stringify(payload) }));
}

/** ORGANIZATION_ACCOUNT_IDS when set; otherwise every account Organizations lists (asked again by every audit). */
async function listAccountsOf(runtime: HandlerRuntime, organization: OrganizationConfig): Promise<OrganizationAccount[]> {
  if (organization.accountIds.length > 0) return organization.accountIds.map((id) => ({ id }));
  if (runtime.listOrganizationAccounts === undefined) throw new PipelineError('Organization mode needs ORGANIZATION_ACCOUNT_IDS or a way to list the organization\'s accounts.');
  return runtime.listOrganizationAccounts();
}

function memberReaderOf(runtime: HandlerRuntime): (accountId: string, region?: string) => AccountReader {
  const memberReader = runtime.memberReader;
  if (memberReader === undefined) throw new PipelineError('Organization mode: this runtime cannot assume roles in other accounts.');
  return (accountId, region) => memberReader(accountId, region);
}

/** The regions the audit reads (WatchedRegions); a failed listing of the enabled regions is logged too. */
async function watchedRegions(runtime: HandlerRuntime, home: string): Promise<ResolvedRegions> {
  const resolved = await resolveWatchedRegions(runtime.config.watchedRegions, home, () => runtime.listEnabledRegions());
  if (resolved.gap !== undefined) runtime.logger.error('enabled regions not listed: auditing the stack\'s region only', { gap: resolved.gap });
  return resolved;
}

function isScheduledEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)['detail-type'] === 'Scheduled Event';
}

/**
 * The role index the audit fills, unless the table is not in use (POWERTOOLS_IDEMPOTENCY_DISABLED=true,
 * local runs): then the audit writes nothing, in organization mode as in single-account mode.
 */
function roleIndexOf(runtime: HandlerRuntime): { roleIndex?: DynamoRoleFunctionIndex } {
  if (runtime.config.tableDisabled === true) return {};
  return { roleIndex: new DynamoRoleFunctionIndex({ client: runtime.dynamoDB, tableName: runtime.config.idempotencyTableName }) };
}
