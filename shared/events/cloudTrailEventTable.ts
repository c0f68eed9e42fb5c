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
      /**
       * The call deleted what it names (the function, or the alias or version it qualifies): its role
       * index entries are removed without reading it, then `forget` reports nothing (a deleted function
       * has no doors) and `forget-then-evaluate` re-evaluates the function that remains (DeleteAlias).
       */
      deletion?: FunctionDeletion;
    };

export type FunctionDeletion = 'forget' | 'forget-then-evaluate';

export interface CloudTrailEventEntry {
  /** The name CloudTrail writes today; also the sample file `events/<eventName>.json`. */
  eventName: string;
  /**
   * IAM names are matched exactly. Lambda names carry API-version suffixes that AWS has announced it
   * may drop (`CreateFunction20150331`), so they are matched by the unversioned prefix; `versioned`
   * when that prefix would also match other calls (`DeleteFunction` is a prefix of
   * `DeleteFunctionConcurrency`, `DeleteFunctionUrlConfig`, ...): the bare name, or the name followed
   * by an API version (`DeleteFunction2...`), as two EventBridge matchers.
   */
  match: EventNameMatch;
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

export type EventNameMatch = { exact: string } | { prefix: string } | { versioned: string };

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

function lambda(
  eventName: string,
  prefix: string,
  why: string,
  qualifier?: readonly RecordPath[],
  options: { deletion?: FunctionDeletion; match?: EventNameMatch } = {},
): CloudTrailEventEntry {
  return {
    eventName,
    match: options.match ?? { prefix },
    source: 'aws.lambda',
    eventSource: 'lambda.amazonaws.com',
    handler: 'on-function-change',
    target: {
      ...FUNCTION_ID,
      ...(qualifier === undefined ? {} : { qualifier }),
      ...(options.deletion === undefined ? {} : { deletion: options.deletion }),
    },
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
  lambda('DeleteAlias20150331', 'DeleteAlias', 'the alias and its permissions are gone (forget its index entries, re-evaluate to clear its findings)', ALIAS_NAME, {
    deletion: 'forget-then-evaluate',
  }),
  lambda('PublishVersion20150331', 'PublishVersion', 'a new version keeps the role it was published with', ['responseElements.version']),
  // With `--qualifier` only that published version goes (its `qualifier` request field); without, the
  // function with every alias and version. Nothing is left to judge: only the role index is kept.
  lambda('DeleteFunction20150331', 'DeleteFunction', 'the function (or one version) and its doors are gone: forget its role index entries', undefined, {
    deletion: 'forget',
    match: { versioned: 'DeleteFunction' },
  }),
];

/** Lambda and IAM events Keycard deliberately does not listen to, with the reason (classification reports it). */
export const IGNORED_CLOUDTRAIL_EVENTS: readonly {
  match: EventNameMatch;
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

/** The name or prefix an entry matches (for `versioned`, the bare name). */
export function matchValueOf(match: EventNameMatch): string {
  return 'exact' in match ? match.exact : 'prefix' in match ? match.prefix : match.versioned;
}

/** A `versioned` name followed by an API version: dates start with 2 (`20150331`), nothing else does. */
export const versionedPrefixOf = (name: string): string => `${name}2`;

/** As the EventBridge matchers eventBridgePatternFor writes for it decide. */
function matches(match: EventNameMatch, eventName: string): boolean {
  if ('exact' in match) return eventName === match.exact;
  if ('prefix' in match) return eventName.startsWith(match.prefix);
  return eventName === match.versioned || eventName.startsWith(versionedPrefixOf(match.versioned));
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
