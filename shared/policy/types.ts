/**
 * IAM policy grammar as Keycard reads it. Documents arrive as objects, JSON strings or
 * URL-encoded JSON strings (see parsePolicyDocument); everything downstream sees these types.
 */
export type Effect = 'Allow' | 'Deny';

export type StringOrList = string | string[];

/** `"*"`, or a map of principal type to one value or a list. */
export type PolicyPrincipal =
  | '*'
  | {
      AWS?: StringOrList;
      Service?: StringOrList;
      Federated?: StringOrList;
      CanonicalUser?: StringOrList;
    };

/** Operator (e.g. `StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`) -> key -> value(s). */
export type ConditionBlock = Record<string, Record<string, unknown>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: Effect;
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export type PolicyKind =
  | 'inline'
  | 'aws-managed'
  | 'customer-managed'
  | 'permissions-boundary'
  | 'trust'
  | 'resource';

/** A parsed policy and where it came from, so that every answer can name it. */
export interface PolicySource {
  /** Policy name (managed or inline), or a label such as `resource-policy`. */
  name: string;
  /** ARN for managed policies and boundaries. */
  arn?: string;
  kind: PolicyKind;
  document: PolicyDocument;
}
