import { findCloudTrailEventEntry, ignoredReasonFor, type RecordPath } from './cloudTrailEventTable.ts';
import { EventParseError } from './errors.ts';
import { cutForMessage } from '../report/cutForMessage.ts';
import { parseFunctionIdentifier, type FunctionIdentifier } from './parseFunctionIdentifier.ts';
import type { ChangeTarget, CloudTrailDetail } from './types.ts';

/**
 * What a CloudTrail record asks Keycard to re-evaluate, by the event table. Failed calls, events the
 * table does not route and events that change nothing are `ignored` with a reason; a routed event
 * whose id cannot be found throws EventParseError (it must be reported, not dropped).
 */
export function classifyCloudTrailEvent(detail: CloudTrailDetail): ChangeTarget {
  if (typeof detail.errorCode === 'string' && detail.errorCode !== '') {
    return { kind: 'ignored', reason: `the ${detail.eventName} call failed (${detail.errorCode}): nothing changed` };
  }
  const entry = findCloudTrailEventEntry(detail.eventName, detail.eventSource);
  if (!entry) {
    const known = ignoredReasonFor(detail.eventName, detail.eventSource);
    return {
      kind: 'ignored',
      reason: known
        ? `${detail.eventName}: ${known}`
        : `${detail.eventName} from ${detail.eventSource} is not an event Keycard handles`,
    };
  }
  if (entry.onlyWhen && valueAt(detail, entry.onlyWhen.path) !== entry.onlyWhen.equals) {
    return { kind: 'ignored', reason: entry.onlyWhen.otherwise };
  }
  const target = entry.target;
  switch (target.kind) {
    case 'role':
      return { kind: 'role', roleName: firstString(detail, target.roleName) };
    case 'policy':
      return { kind: 'policy', policyArn: firstString(detail, target.policyArn) };
    case 'function':
      return { ...functionTarget(detail, target.functionName, target.qualifier), ...(target.deletion === undefined ? {} : { deletion: target.deletion }) };
  }
}

function functionTarget(detail: CloudTrailDetail, paths: readonly RecordPath[], qualifierPaths: readonly RecordPath[] = []): ChangeTarget {
  const raw = firstString(detail, paths);
  const id = parseFunctionIdentifier(raw);
  if (!id) throw new EventParseError(detail.eventID, paths.join(' | '), `holds "${cutForMessage(raw)}", which is not a Lambda function name or ARN`);
  const requested = stringAt(detail, 'requestParameters.functionName');
  const requestedId = requested === undefined ? undefined : parseFunctionIdentifier(requested);
  // A version suffix on the response ARN (after `publish`) is not what the caller addressed.
  // An alias or version event names its qualifier in its own field (`name`, the published `version`).
  const named = qualifierPaths.map((path) => stringAt(detail, path)).find((value) => value !== undefined);
  const qualifier = named ?? stringAt(detail, 'requestParameters.qualifier') ?? requestedId?.qualifier;
  const arnSource = [parseFunctionIdentifier(stringAt(detail, 'responseElements.functionArn') ?? ''), requestedId, id].find(
    (candidate): candidate is FunctionIdentifier => candidate?.partition !== undefined,
  );
  return {
    kind: 'function',
    functionName: id.functionName,
    ...(qualifier === undefined ? {} : { qualifier }),
    ...(arnSource === undefined
      ? {}
      : {
          functionArn: `arn:${arnSource.partition}:lambda:${arnSource.region}:${arnSource.accountId}:function:${arnSource.functionName}`,
        }),
  };
}

function valueAt(detail: CloudTrailDetail, path: RecordPath): unknown {
  let value: unknown = detail;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function stringAt(detail: CloudTrailDetail, path: RecordPath): string | undefined {
  const value = valueAt(detail, path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function firstString(detail: CloudTrailDetail, paths: readonly RecordPath[]): string {
  for (const path of paths) {
    const value = stringAt(detail, path);
    if (value !== undefined) return value;
  }
  throw new EventParseError(detail.eventID, paths.join(' | '), `is missing in ${detail.eventName}: cannot tell what changed`);
}
