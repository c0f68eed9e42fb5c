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
import { runAudit } from './runAudit.ts';
import type { AuditResponse } from './runAudit.ts';

export function makeAuditHandler(runtime: HandlerRuntime): (event: unknown, context: Context) => Promise<AuditResponse> {
  return async (event, context) => {
    runtime.logger.addContext(context);
    // Once per container (Powertools keeps track): how often Lambda starts a new one.
    runtime.metrics.captureColdStartMetric(context.functionName);
    const continuation = parseAuditContinuation(event);
    // A scheduled run arrives as an EventBridge "Scheduled Event": audit the whole region.
    const request = continuation !== undefined || isScheduledEvent(event) ? {} : parseAuditRequest(event);
    // The audit's own ARN says which account, region and partition it audits.
    const self = parseLambdaArn(context.invokedFunctionArn);
    if (self === undefined) throw new PipelineError(`Cannot read the account and region from the invoked function ARN "${context.invokedFunctionArn}".`);
    const reader = runtime.newReader();
    const muteList = await readMuteList(runtime.ssm, runtime.config.muteListParameter);
    if (muteList.problem !== undefined) runtime.logger.error('mute list not applied: nothing is muted', { problem: muteList.problem });
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
          continueAudit: (next: AuditContinuation) => continueIn(runtime, context.invokedFunctionArn, next),
          log: (message, fields) => runtime.logger.info(message, fields ?? {}),
          auditFunctionName: context.functionName,
          mutes: muteList.mutes,
          ...(runtime.config.tableDisabled === true
            ? {}
            : { roleIndex: new DynamoRoleFunctionIndex({ client: runtime.dynamoDB, tableName: runtime.config.idempotencyTableName }) }),
          ...(runtime.config.auditChunkSize === undefined ? {} : { chunkSize: runtime.config.auditChunkSize }),
        },
      );
      runtime.logger.info('audit invocation done', { status: response.status, apiCalls: reader.callCounts() });
      if (response.status === 'complete') runtime.metrics.addMetric('AuditFindings', MetricUnit.Count, response.summary.findings);
      return response;
    } finally {
      runtime.metrics.publishStoredMetrics();
    }
  };
}

async function continueIn(runtime: HandlerRuntime, functionArn: string, continuation: AuditContinuation): Promise<void> {
  // Asynchronous: this invocation returns now; Lambda retries the next one, then sends it to the
  // on-failure destination, so a failed hand-over is never lost.
  await runtime.lambda.send(
    new InvokeCommand({ FunctionName: functionArn, InvocationType: 'Event', Payload: JSON.stringify({ continuation }) }),
  );
}

function isScheduledEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)['detail-type'] === 'Scheduled Event';
}
