/**
 * How a handler (functions/on-role-change, functions/on-function-change) wires the alerts and
 * remediation API, kept here as executable documentation: the flow tests run it with mocked SDK
 * clients. Reading facts is injected (the live reader belongs to the handlers' issue).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { makeEventIdempotent } from '../../shared/alerts/makeEventIdempotent.ts';
import { sendFindings } from '../../shared/alerts/sendFindings.ts';
import type { SendResult } from '../../shared/alerts/sendFindings.ts';
import { triggerOf } from '../../shared/alerts/triggerOf.ts';
import type { CloudTrailRecordLike } from '../../shared/alerts/triggerOf.ts';
import type { Finding } from '../../shared/checks/types.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import type { FunctionFacts, RoleFacts } from '../../shared/facts/types.ts';
import { applyRemediation } from '../../shared/remediation/applyRemediation.ts';
import { isOwnChange } from '../../shared/remediation/isOwnChange.ts';
import type { CloudTrailUserIdentity } from '../../shared/remediation/isOwnChange.ts';
import { isRemediable, planRemediation } from '../../shared/remediation/planRemediation.ts';
import type { RemediationOutcome } from '../../shared/remediation/RemediationOutcome.ts';
import type { RemediationSettings } from '../../shared/remediation/RemediationPlan.ts';
import { verifyRemediation } from '../../shared/remediation/verifyRemediation.ts';

export type CloudTrailEvent = EventBridgeEvent<'AWS API Call via CloudTrail', CloudTrailRecordLike & { userIdentity?: CloudTrailUserIdentity }>;

export interface ReferenceDeps {
  iam: IAMClient;
  sns: SNSClient;
  eventBridge: EventBridgeClient;
  dynamoDB: DynamoDBClient;
  tableName: string;
  topicArn: string;
  settings: RemediationSettings;
  /** Fresh facts for the function the event names (the live reader in real handlers). */
  readFacts: () => Promise<{ fn: FunctionFacts; role: RoleFacts }>;
}

export function makeReferenceHandler(deps: ReferenceDeps): (event: CloudTrailEvent, context: Context) => Promise<SendResult> {
  const idempotency = { tableName: deps.tableName, dynamoDBClient: deps.dynamoDB };
  // Evaluate + remediate is its own idempotent step: a retry after a failed publish alerts the stored
  // outcome (what was changed) instead of re-evaluating a role that is now fixed.
  const evaluateAndRemediate = makeEventIdempotent(
    async (_event: CloudTrailEvent, _context: Context): Promise<{ findings: Finding[]; remediations: RemediationOutcome[] }> => {
      // 2. Read fresh state and evaluate it with the engine.
      const { fn, role } = await deps.readFacts();
      const account = { accountId: fn.accountId, region: fn.region, partition: fn.partition, roles: new Map([[role.arn, role]]), functions: [fn], incomplete: [] };
      const findings = evaluateAccount(account, { trustedAccountIds: [] }).findings;
      // 3. Remediate what may be remediated; re-read and verify what was changed.
      const remediations: RemediationOutcome[] = [];
      for (const finding of findings.filter(isRemediable)) {
        const outcome = await applyRemediation(deps.iam, planRemediation({ finding, fn, role, settings: deps.settings }));
        remediations.push(outcome.applied ? verifyRemediation(outcome, await deps.readFacts()) : outcome);
      }
      return { findings, remediations };
    },
    { ...idempotency, step: 'remediate' },
  );
  const handle = async (event: CloudTrailEvent, context: Context): Promise<SendResult> => {
    // 1. Our own IAM changes come back as events: do not act on them (no remediation loop, no re-alert).
    if (isOwnChange(event.detail.userIdentity, deps.settings.ownRoleArns)) return { sent: false, reason: 'own change' };
    const { findings, remediations } = await evaluateAndRemediate(event, context);
    // 4. One alert (nothing when no findings); failures throw so EventBridge retries, then dead-letters.
    return sendFindings(
      { sns: deps.sns, eventBridge: deps.eventBridge, topicArn: deps.topicArn, messageStructure: 'per-protocol', events: { sleep: async () => {} } },
      { findings, remediations, trigger: triggerOf(event.detail), region: event.region, accountId: event.account },
    );
  };
  // 5. A repeated delivery of the same CloudTrail event returns the stored result.
  return makeEventIdempotent(handle, idempotency);
}
