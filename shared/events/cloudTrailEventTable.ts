/**
 * The one table of CloudTrail events Keycard reacts to: which source emits each, which handler takes
 * it, how its name is matched, and where in the record the ids sit. The EventBridge patterns in
 * template.yaml (via eventBridgePatternFor) and the classification of incoming events
 * (classifyCloudTrailEvent) are both derived from it, so they cannot drift apart.
 * Pure data; no AWS SDK.
 */

/** Handlers that receive CloudTrail events (the audit function is invoked directly or on a schedule). */
export type EventHandlerName = 'on-role-change' | 'on-function-change';

export type EventBridgeSource = 'aws.iam' | 'aws.lambda';

/** A place in a CloudTrail record, dotted from the record root. */
export type RecordPath = `requestParameters.${string}` | `responseElements.${string}`;

/**
 * Where the id of what changed sits. Paths are tried in order; the first string found wins.
 * Lambda function ids are names, ARNs or partial ARNs, possibly qualified (`name:alias`).
 */
export type TargetSpec =
  | { kind: 'role'; roleName: readonly RecordPath[] }
  | { kind: 'policy'; policyArn: readonly RecordPath[] }
  | {
      kind: 'function';
      functionName: readonly RecordPath[];
      /** Where the alias name or version number sits, for events about one (CreateAlias, PublishVersion). */
      qualifier?: readonly RecordPath[];
    };

export interface CloudTrailEventEntry {
  /** The name CloudTrail writes today; also the sample file `events/<eventName>.json`. */
  eventName: string;
  /**
   * IAM names are matched exactly. Lambda names carry API-version suffixes that AWS has announced it
   * may drop (`CreateFunction20150331`), so they are matched by the unversioned prefix.
   */
  match: { exact: string } | { prefix: string };
  source: EventBridgeSource;
  /** `detail.eventSource` of the record. */
  eventSource: 'iam.amazonaws.com' | 'lambda.amazonaws.com';
  handler: EventHandlerName;
  target: TargetSpec;
  /** The event only changes anything when this request field has this value. */
  onlyWhen?: { path: RecordPath; equals: unknown; otherwise: string };
  /** Why this event can change a function's keycard or lock. */
  why: string;
}

const ROLE_NAME = { kind: 'role', roleName: ['requestParameters.roleName'] } as const;
const POLICY_ARN = { kind: 'policy', policyArn: ['requestParameters.policyArn'] } as const;
/** Normalised response values first: `responseElements.functionName` is always a plain name. */
const FUNCTION_ID = {
  kind: 'function',
  functionName: ['responseElements.functionName', 'responseElements.functionArn', 'requestParameters.functionName'],
} as const;

function iam(eventName: string, target: TargetSpec, why: string, onlyWhen?: CloudTrailEventEntry['onlyWhen']) {
  const entry: CloudTrailEventEntry = {
    eventName,
    match: { exact: eventName },
    source: 'aws.iam',
    eventSource: 'iam.amazonaws.com',
    handler: 'on-role-change',
    target,
    why,
  };
  return onlyWhen ? { ...entry, onlyWhen } : entry;
}

function lambda(eventName: string, prefix: string, why: string, qualifier?: readonly RecordPath[]): CloudTrailEventEntry {
  return {
    eventName,
    match: { prefix },
    source: 'aws.lambda',
    eventSource: 'lambda.amazonaws.com',
    handler: 'on-function-change',
    target: qualifier === undefined ? FUNCTION_ID : { ...FUNCTION_ID, qualifier },
    why,
  };
}

/** The alias an alias event is about (`aws lambda create-alias --name live`). */
const ALIAS_NAME: readonly RecordPath[] = ['requestParameters.name', 'responseElements.name'];

export const CLOUDTRAIL_EVENT_TABLE: readonly CloudTrailEventEntry[] = [
  iam('CreateRole', ROLE_NAME, 'a new role may be (or become) a Lambda execution role'),
  iam('AttachRolePolicy', ROLE_NAME, 'a managed policy adds permissions to the role'),
  iam('DetachRolePolicy', ROLE_NAME, 'removing a policy can remove log permissions'),
  iam('PutRolePolicy', ROLE_NAME, 'an inline policy adds or replaces permissions'),
  iam('DeleteRolePolicy', ROLE_NAME, 'removing an inline policy can remove log permissions'),
  iam('UpdateAssumeRolePolicy', ROLE_NAME, 'the trust policy decides who can use the keycard'),
  iam('PutRolePermissionsBoundary', ROLE_NAME, 'a boundary can block permissions, including logs'),
  iam('DeleteRolePermissionsBoundary', ROLE_NAME, 'removing a boundary widens what the role may do'),
  iam('CreatePolicyVersion', POLICY_ARN, 'a new default version changes every role the policy is attached to', {
    path: 'requestParameters.setAsDefault',
    equals: true,
    otherwise: 'CreatePolicyVersion without setAsDefault does not change the effective policy (SetDefaultPolicyVersion will)',
  }),
  iam('SetDefaultPolicyVersion', POLICY_ARN, 'switching the default version changes every role the policy is attached to'),
  // `CreateFunction` is also a prefix of `CreateFunctionUrlConfig`: both go to the same handler and
  // classification takes the longest matching prefix, so the overlap is harmless (a test keeps it so).
  lambda('CreateFunction20150331', 'CreateFunction', 'a new function gets its execution role'),
  lambda('UpdateFunctionConfiguration20150331v2', 'UpdateFunctionConfiguration', 'the execution role or log group may change'),
  lambda('AddPermission20150331v2', 'AddPermission', 'the resource policy gains a statement: who may invoke'),
  lambda('RemovePermission20150331v2', 'RemovePermission', 'the resource policy changes (re-evaluate to clear or keep findings)'),
  lambda('CreateFunctionUrlConfig', 'CreateFunctionUrlConfig', 'a function URL opens a door, possibly unauthenticated'),
  lambda('UpdateFunctionUrlConfig', 'UpdateFunctionUrlConfig', 'the function URL auth type may change to NONE'),
  lambda('CreateEventSourceMapping20150331', 'CreateEventSourceMapping', 'polling an event source uses the execution role'),
  lambda('UpdateEventSourceMapping20150331', 'UpdateEventSourceMapping', 'the mapping may point to another function or source'),
  // Aliases and versions (issue 11): an alias has its own resource policy and URL, and runs with the
  // role of the version it points at, which may not be $LATEST's.
  lambda('CreateAlias20150331', 'CreateAlias', 'a new alias runs with its version\'s role and gets its own resource policy', ALIAS_NAME),
  lambda('UpdateAlias20150331', 'UpdateAlias', 'the alias may now run (or route a share) to a version with another role', ALIAS_NAME),
  lambda('DeleteAlias20150331', 'DeleteAlias', 'the alias and its permissions are gone (re-evaluate to clear its findings)', ALIAS_NAME),
  lambda('PublishVersion20150331', 'PublishVersion', 'a new version keeps the role it was published with', ['responseElements.version']),
];

/** Lambda and IAM events Keycard deliberately does not listen to, with the reason (classification reports it). */
export const IGNORED_CLOUDTRAIL_EVENTS: readonly {
  match: { exact: string } | { prefix: string };
  eventSource: CloudTrailEventEntry['eventSource'];
  reason: string;
}[] = [
  {
    match: { prefix: 'UpdateFunctionCode' },
    eventSource: 'lambda.amazonaws.com',
    reason: 'a code update changes neither the execution role nor the resource policy',
  },
  {
    match: { prefix: 'DeleteFunctionUrlConfig' },
    eventSource: 'lambda.amazonaws.com',
    reason: 'deleting a function URL can only close a door; the scheduled audit refreshes the state',
  },
];

/** The name or prefix an entry matches. */
export function matchValueOf(match: CloudTrailEventEntry['match']): string {
  return 'exact' in match ? match.exact : match.prefix;
}

function matches(match: CloudTrailEventEntry['match'], eventName: string): boolean {
  return 'exact' in match ? eventName === match.exact : eventName.startsWith(match.prefix);
}

/**
 * The table entry for a CloudTrail record's name and source, or undefined. Several Lambda prefixes can
 * match one name (`CreateFunction` and `CreateFunctionUrlConfig`); the longest, most specific wins.
 */
export function findCloudTrailEventEntry(eventName: string, eventSource: string): CloudTrailEventEntry | undefined {
  let best: CloudTrailEventEntry | undefined;
  for (const entry of CLOUDTRAIL_EVENT_TABLE) {
    if (entry.eventSource !== eventSource || !matches(entry.match, eventName)) continue;
    if (!best || matchValueOf(entry.match).length > matchValueOf(best.match).length) best = entry;
  }
  return best;
}

/** Why a known, deliberately unhandled event is ignored; undefined for events Keycard does not know. */
export function ignoredReasonFor(eventName: string, eventSource: string): string | undefined {
  return IGNORED_CLOUDTRAIL_EVENTS.find((e) => e.eventSource === eventSource && matches(e.match, eventName))?.reason;
}
