/** Typed shapes of the events Keycard's handlers receive. */

/** `userIdentity` of a CloudTrail record; only the fields Keycard reads are typed. */
export interface CloudTrailUserIdentity {
  type?: string;
  arn?: string;
  accountId?: string;
  principalId?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: { type?: string; arn?: string; userName?: string; accountId?: string };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The `detail` of an "AWS API Call via CloudTrail" event: one CloudTrail record. */
export interface CloudTrailDetail {
  eventName: string;
  eventSource: string;
  eventID: string;
  eventTime?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  userIdentity: CloudTrailUserIdentity;
  /** Null for calls without parameters. */
  requestParameters: Record<string, unknown> | null;
  /** Null for calls that return nothing (most IAM writes) and for failed calls. */
  responseElements: Record<string, unknown> | null;
  /** Present when the call failed (e.g. `AccessDenied`); nothing changed then. */
  errorCode?: string;
  errorMessage?: string;
  [key: string]: unknown;
}

/** An EventBridge event carrying a CloudTrail record. */
export interface EventBridgeCloudTrailEvent {
  id: string;
  time: string;
  region: string;
  account: string;
  source: string;
  'detail-type': 'AWS API Call via CloudTrail';
  detail: CloudTrailDetail;
}

/** What a CloudTrail event asks Keycard to re-evaluate. */
export type ChangeTarget =
  | { kind: 'role'; roleName: string }
  | { kind: 'policy'; policyArn: string }
  | {
      kind: 'function';
      /** Plain, unqualified function name (never an ARN). */
      functionName: string;
      /** Alias or version when the call named one (`name:alias`, or the `qualifier` parameter). */
      qualifier?: string;
      /** The function ARN when the event carried one. */
      functionArn?: string;
      /**
       * The call deleted the function (or its `qualifier`): forget its role index entries, then
       * report nothing (`forget`) or re-evaluate what remains (`forget-then-evaluate`).
       */
      deletion?: 'forget' | 'forget-then-evaluate';
    }
  | { kind: 'ignored'; reason: string };
