import { principalSetOf } from './lock/statementFacts.ts';
import type { CheckMetadata, Finding, FunctionCheck } from './types.ts';
import { allowStatementsOf } from './lock/LockStatement.ts';
import { requiredConditionOn, sourcePins } from './lock/conditionPins.ts';
import { INVOKE_FUNCTION, INVOKE_FUNCTION_URL, grantsAction } from './lock/grantsAction.ts';
import { isPublicPrincipal } from './lock/isPublicPrincipal.ts';
import { lockFinding, statementEvidence } from './lock/lockFinding.ts';
import { TOKEN_PINNED_SERVICES } from './lock/tokenPinnedServices.ts';

const metadata: CheckMetadata = {
  id: 'confused-deputy',
  severity: 'medium',
  door: 'resource-policy',
  title: 'Service principal may invoke the function on behalf of any account',
  rationale:
    'The resource-based policy lets an AWS service principal (S3, SNS, EventBridge, API Gateway, ...) invoke ' +
    'the function without aws:SourceArn or aws:SourceAccount. The service then invokes it for any resource that ' +
    'names the function — including a bucket, topic or rule in someone else\'s account: the confused deputy ' +
    'problem. Any operator that must hold and names a concrete value counts as a pin (ArnLike, StringEquals, ...; ' +
    'not ...IfExists, not negated). Alexa skills (alexa-appkit.amazon.com, alexa-connectedhome.amazon.com) cannot ' +
    'send a source ARN and are pinned by lambda:EventSourceToken (the skill id) instead.',
  remediation: {
    text:
      'Replace the statement with one pinned to the source: add the pinned permission first (so invocations never ' +
      'stop), then remove the old one. The command pins the owning account (--source-account, the function\'s own ' +
      'unless the source lives elsewhere); add --source-arn with the exact bucket, topic or rule to pin further. ' +
      'Alexa skills are pinned with --event-source-token (the skill id) instead.',
    cli:
      'aws lambda add-permission --region <Region> --function-name <FunctionName> --statement-id <PinnedStatementId> ' +
      '--action lambda:InvokeFunction --principal <ServicePrincipal> --source-account <AccountId> && ' +
      'aws lambda remove-permission --region <Region> --function-name <FunctionName> --statement-id <StatementId>',
  },
};

/** Statement ids are at most 100 characters. */
const pinnedSid = (sid: string): string => `${sid.slice(0, 100 - '-pinned'.length)}-pinned`;

const hasConcreteValue = (values: string[]): boolean => values.length > 0 && values.every((v) => v !== '' && !/^[*?]+$/.test(v));

/**
 * A service principal allowed to invoke without a source pin. Any pinning operator on
 * aws:SourceArn / aws:SourceAccount (also aws:SourceOwner, aws:SourceOrgID/OrgPaths) counts, keys
 * case-insensitive. Services that cannot send a source (lock/tokenPinnedServices.ts) are judged by
 * the pin they do carry.
 */
export const confusedDeputyCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate(fn) {
    const findings: Finding[] = [];
    for (const s of allowStatementsOf(fn.resourcePolicy)) {
      const { statement } = s;
      if (isPublicPrincipal(statement)) continue; // public-invoke's
      if (!grantsAction(statement, INVOKE_FUNCTION) && !grantsAction(statement, INVOKE_FUNCTION_URL)) continue;
      const services = principalSetOf(statement).service;
      if (services.length === 0) continue;
      const sourcePinned = sourcePins(statement).length > 0;
      for (const service of services) {
        const tokenPinned = TOKEN_PINNED_SERVICES.get(service.toLowerCase());
        if (tokenPinned !== undefined) {
          const pinned = requiredConditionOn(statement, tokenPinned.conditionKey).some((p) => hasConcreteValue(p.values));
          if (pinned) continue;
          findings.push(
            lockFinding(metadata, fn, {
              detail: `${fn.name}: ${service} may invoke it for any skill — the statement has no ${tokenPinned.conditionKey} condition.`,
              evidence: [
                statementEvidence(s, `allows ${service} without ${tokenPinned.conditionKey}; this service pins with ${tokenPinned.how}, not aws:SourceArn`),
              ],
              placeholders: {},
              remediationText: `Re-add the permission pinned to ${tokenPinned.how}.`,
              // Only the user knows the skill id: the command is shown, not given to run as is.
              remediationCli: `# Re-add the permission with --event-source-token set to the skill id, then remove statement ${s.sid ?? `#${s.index}`}.`,
            }),
          );
          continue;
        }
        if (sourcePinned) continue;
        findings.push(
          lockFinding(metadata, fn, {
            detail: `${fn.name}: ${service} may invoke it on behalf of any account — no aws:SourceArn or aws:SourceAccount condition.`,
            evidence: [statementEvidence(s, `allows ${service} without a condition on aws:SourceArn or aws:SourceAccount`)],
            ...(s.sid !== undefined
              ? { placeholders: { StatementId: s.sid, PinnedStatementId: pinnedSid(s.sid), ServicePrincipal: service, AccountId: fn.accountId } }
              : { remediationCli: `# Statement #${s.index} has no Sid: replace it in the console with one pinned to ${fn.accountId}.` }),
          }),
        );
      }
    }
    return findings;
  },
};
