/**
 * The whole life of one CloudTrail change event: classify it, read fresh state (never trusting the
 * event's payload), run the checks, remediate what may be remediated, and alert once. Shared by the
 * on-role-change and on-function-change handlers, which differ only in which events reach them.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AccountIdentity, AccountReader } from '../account/AccountReader.ts';
import { AccountAccessDeniedError } from '../account/errors.ts';
import { sendFindings } from '../alerts/sendFindings.ts';
import type { SendResult } from '../alerts/sendFindings.ts';
import { triggerOf } from '../alerts/triggerOf.ts';
import { applyMutes } from '../engine/applyMutes.ts';
import { evaluateAccount } from '../engine/evaluateAccount.ts';
import type { Mute } from '../engine/MuteList.ts';
import { checkOptionsFor } from './checkOptionsFor.ts';
import type { AuditSummary } from '../engine/AuditResult.ts';
import { classifyCloudTrailEvent } from '../events/classifyCloudTrailEvent.ts';
import type { ChangeTarget, EventBridgeCloudTrailEvent } from '../events/types.ts';
import type { AccountFacts, IncompleteFact } from '../facts/types.ts';
import { isOwnChange } from '../remediation/isOwnChange.ts';
import type { RemediationOutcome } from '../remediation/RemediationOutcome.ts';
import type { HandlerConfig } from './HandlerConfig.ts';
import { forgetDeletedFunction } from './forgetDeletedFunction.ts';
import { partitionOfRegion } from './partitionOfRegion.ts';
import { readFunctionChangeFacts } from './readFunctionChangeFacts.ts';
import { readRoleChangeFacts } from './readRoleChangeFacts.ts';
import type { RoleChangeOptions } from './readRoleChangeFacts.ts';
import { remediateFindings } from './remediateFindings.ts';
import { chunkFindings } from './auditChunk.ts';
import type { RoleChangeProgress } from './RoleChangeProgress.ts';
import type { RoleFunctionIndex } from './RoleFunctionIndex.ts';
import type { TargetedRead } from './TargetedRead.ts';
import type { VisibilityRetryOptions } from './withVisibilityRetry.ts';

export interface ChangeEventDeps extends VisibilityRetryOptions {
  reader: AccountReader;
  iam: IAMClient;
  sns: SNSClient;
  eventBridge: EventBridgeClient;
  config: HandlerConfig;
  log: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Runs the remediation step at most once per event (the handler stores its IAM changes under the
   * event id), so a retry after a failed alert still reports what was changed. Default: just run it.
   */
  remediateOnce?: (remediate: () => Promise<RemediationOutcome[]>) => Promise<RemediationOutcome[]>;
  /** The stack's mute list (MuteListParameter): muted findings are neither remediated nor alerted, only counted. */
  mutes?: Mute[];
  now?: () => Date;
  /**
   * The role index (the stack's DynamoDB table): role changes find their functions there when it is
   * warm, function events keep it. Without it role changes list the region.
   */
  roleIndex?: RoleFunctionIndex;
  /**
   * The other regions the stack watches (WatchedRegions), each with a reader of the event's account
   * there: a role change evaluates the role's functions in all of them. Default: the stack's region only.
   */
  regionReaders?: ReadonlyMap<string, AccountReader>;
  /** Gaps in knowing the watched regions (WatchedRegions=all, the enabled regions could not be listed). */
  regionGaps?: IncompleteFact[];
  /** Functions a role change reads per invocation; more continue in a new one (continueRoleChange). */
  roleChangeChunkSize?: number;
  /** Where earlier invocations of this same role change stopped (its continuation). */
  resume?: RoleChangeProgress;
  /** The event account's name in the organization (hub mode), named in the alert. */
  accountName?: string;
  /** Hands the rest of a split role change to a new invocation (asynchronous self-invoke). */
  continueRoleChange?: (next: RoleChangeProgress) => Promise<void>;
}

export type ChangeEventResult =
  | { outcome: 'ignored' | 'skipped'; eventId: string; eventName: string; reason: string }
  | {
      outcome: 'evaluated';
      eventId: string;
      eventName: string;
      ownChange: boolean;
      summary: AuditSummary;
      remediations: Array<Pick<RemediationOutcome, 'action' | 'applied' | 'detail'> & { resolved?: boolean }>;
      alert: SendResult;
    };

export async function handleChangeEvent(event: EventBridgeCloudTrailEvent, deps: ChangeEventDeps): Promise<ChangeEventResult> {
  const { detail } = event;
  const base = { eventId: detail.eventID, eventName: detail.eventName };
  const target = classifyCloudTrailEvent(detail);
  if (target.kind === 'ignored') return { ...base, outcome: 'ignored', reason: target.reason };

  // IAM is global: its events (forwarded from us-east-1, still saying us-east-1) are labelled with the
  // stack's region. A Lambda event is about a function in the region it came from (forwarded by
  // templates/lambda-event-forwarder.yaml unchanged): read, judged and labelled there.
  const region = event.source === 'aws.lambda' ? event.region : (deps.config.region ?? event.region);
  const identity: AccountIdentity = { accountId: event.account, region, partition: partitionOfRegion(region) };
  if (target.kind === 'function' && target.deletion !== undefined) {
    // Deleted: its index entries go now (a role change would otherwise read it once to find it gone).
    const deletedAt = new Date(detail.eventTime ?? event.time);
    const forgotten = await forgetDeletedFunction(target, identity, deletedAt, deps.roleIndex);
    deps.log('deleted function forgotten by the role index', { ...base, ...forgotten });
    if (target.deletion === 'forget') {
      const entries = `${forgotten.removed} role index entr${forgotten.removed === 1 ? 'y' : 'ies'} removed`;
      return {
        ...base,
        outcome: 'skipped',
        reason: `${forgotten.deleted} was deleted: a deleted function has no doors to judge (${forgotten.kept === undefined ? entries : `index kept: ${forgotten.kept}`})`,
      };
    }
  }
  const read = await readTarget(target, identity, detail.eventName, deps);
  if (read.found !== undefined) deps.log('functions found', { ...base, found: read.found });
  const next = read.outcome === 'skip' ? read.next : read.part?.next;
  if (read.outcome === 'skip') {
    await continueWith(next, deps, base);
    deps.log('nothing to evaluate', { ...base, reason: read.reason });
    return { ...base, outcome: 'skipped', reason: read.reason };
  }

  const all = evaluateAccount(read.facts, await checkOptionsFor(deps.config, deps.reader, identity.accountId));
  // A part of a split role change reports its own functions and the roles it owns, nothing twice.
  const evaluated = read.part === undefined ? all : { ...all, findings: chunkFindings(all.findings, read.part.chunk, read.part.functionArns) };
  const { result, muted, expired } = applyMutes(evaluated, deps.mutes ?? [], deps.now?.() ?? new Date());
  if (muted.length > 0 || expired.length > 0) {
    deps.log('mute list applied', {
      ...base,
      muted: muted.map(({ finding, mute }) => ({ checkId: finding.checkId, resourceArn: finding.resourceArn, expires: mute.expires, reason: mute.reason })),
      expired: expired.map((m) => ({ checkId: m.checkId, arn: m.arn, expires: m.expires })),
    });
  }
  // Keycard's own changes come back as events: re-evaluate (which must find nothing left to fix),
  // never remediate again, and do not alert twice — the first alert already told before and after.
  const ownChange = isOwnChange(detail.userIdentity, deps.config.ownRoleArns);
  if (ownChange) {
    deps.log('re-evaluated Keycard\'s own change', { ...base, findings: result.findings.length });
    await continueWith(next, deps, base);
    return { ...base, outcome: 'evaluated', ownChange, summary: result.summary, remediations: [], alert: { sent: false, reason: 'Keycard\'s own change' } };
  }

  // Consulted even when nothing is left to remediate: a retry must find what an earlier attempt changed.
  const once = deps.remediateOnce ?? ((remediate) => remediate());
  const remediations = await once(() => remediateFindings(result.findings, read.facts, {
    iam: deps.iam,
    reader: deps.reader,
    identity,
    settings: {
      mode: deps.config.remediationMode,
      style: deps.config.remediationStyle,
      dryRun: deps.config.dryRun,
      exemptionTagKey: deps.config.exemptionTagKey,
      ownRoleArns: deps.config.ownRoleArns,
    },
    ...retryOptions(deps),
  }));
  const alert = await sendFindings(
    { sns: deps.sns, eventBridge: deps.eventBridge, topicArn: deps.config.findingsTopicArn, messageStructure: deps.config.alertMessageStructure },
    { findings: result.findings, trigger: triggerOf(detail), remediations, region: regionLabel(read.regions, identity.region), eventRegion: identity.region, accountId: identity.accountId, muted: muted.length,
      ...(deps.config.checkDocsUrl === undefined ? {} : { checkDocsUrl: deps.config.checkDocsUrl }),
      ...(deps.accountName === undefined ? {} : { accountName: deps.accountName }) },
  );
  await continueWith(next, deps, base);
  return {
    ...base,
    outcome: 'evaluated',
    ownChange,
    summary: result.summary,
    remediations: remediations.map((r) => ({
      action: r.action,
      applied: r.applied,
      detail: r.detail,
      ...(r.after === undefined ? {} : { resolved: r.after.resolved }),
    })),
    alert,
  };
}

async function readTarget(
  target: Exclude<ChangeTarget, { kind: 'ignored' }>,
  identity: AccountIdentity,
  eventName: string,
  deps: ChangeEventDeps,
): Promise<TargetedRead> {
  const retry = retryOptions(deps);
  try {
    switch (target.kind) {
      case 'role':
        return await readRoleChangeFacts(deps.reader, [target.roleName], { identity, eventName, ...retry, ...roleChangeOptions(deps) });
      case 'policy': {
        const roleNames = await deps.reader.listRolesWithPolicy(target.policyArn);
        if (roleNames.length === 0) return { outcome: 'skip', reason: `${target.policyArn} is attached to no role` };
        return await readRoleChangeFacts(deps.reader, roleNames, { identity, eventName, ...retry, ...roleChangeOptions(deps) });
      }
      case 'function':
        return await readFunctionChangeFacts(deps.reader, [target.functionName], identity, {
          ...(target.qualifier === undefined ? {} : { qualifier: target.qualifier }),
          ...(deps.roleIndex === undefined ? {} : { roleIndex: deps.roleIndex, indexedRegion: identity.region }),
        });
    }
  } catch (error) {
    // Denied on the one read everything hangs on: say so as a finding rather than fail silently.
    if (error instanceof AccountAccessDeniedError) return { outcome: 'evaluate', facts: incompleteFacts(identity, target, error) };
    throw error;
  }
}

function incompleteFacts(identity: AccountIdentity, target: Exclude<ChangeTarget, { kind: 'ignored' }>, error: AccountAccessDeniedError): AccountFacts {
  const subject = target.kind === 'role' ? `role ${target.roleName}` : target.kind === 'policy' ? `policy ${target.policyArn}` : `function ${target.functionName}`;
  return {
    ...identity,
    roles: new Map(),
    functions: [],
    incomplete: [{ what: `${subject} (${error.source})`, reason: `access denied: ${error.message}`, cause: 'denied' }],
  };
}

/**
 * The region an alert names: the event's, or the regions of the functions a role change judged when
 * one of them is elsewhere (`eu-west-1,us-east-1`, as a multi-region audit's summary names them).
 */
function regionLabel(regions: readonly string[] | undefined, region: string): string {
  return regions === undefined || regions.every((r) => r === region) ? region : [...regions].sort().join(',');
}

/** The role index, watched regions, part size and resume point, where the deps have them. */
function roleChangeOptions(deps: ChangeEventDeps): Pick<RoleChangeOptions, 'index' | 'regionReaders' | 'gaps' | 'chunkSize' | 'resume'> {
  return {
    ...(deps.regionReaders === undefined || deps.regionReaders.size === 0 ? {} : { regionReaders: deps.regionReaders }),
    ...(deps.regionGaps === undefined || deps.regionGaps.length === 0 ? {} : { gaps: deps.regionGaps }),
    ...(deps.roleIndex === undefined ? {} : { index: deps.roleIndex }),
    // Parts need someone to hand the rest to: without it the change is read whole, as before.
    ...(deps.roleChangeChunkSize === undefined || deps.continueRoleChange === undefined ? {} : { chunkSize: deps.roleChangeChunkSize }),
    ...(deps.resume === undefined ? {} : { resume: deps.resume }),
  };
}

/** Hands the rest of a split role change on, once this part's alert went out (or there was nothing to alert). */
async function continueWith(next: RoleChangeProgress | undefined, deps: ChangeEventDeps, base: { eventId: string; eventName: string }): Promise<void> {
  if (next === undefined || deps.continueRoleChange === undefined) return;
  await deps.continueRoleChange(next);
  deps.log('role change continues in a new invocation', { ...base, part: next.part, startAfter: next.startAfter });
}

/** The visibility-retry settings the deps carry, passed on to every read that may retry. */
function retryOptions(deps: VisibilityRetryOptions): VisibilityRetryOptions {
  return {
    ...(deps.retryDelaysMs === undefined ? {} : { retryDelaysMs: deps.retryDelaysMs }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  };
}
