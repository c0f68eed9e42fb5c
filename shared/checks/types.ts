/**
 * The check contract. One check = one file in shared/checks/ exporting a `Check`, registered in
 * shared/checks/registry.ts. Check ids are public and stable: users put them in suppressions and CI.
 */
import type { AccountFacts, FunctionFacts, RoleFacts } from '../facts/types.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which door a check looks at: the execution role (keycard) or the resource policy/URL (lock). */
export type Door = 'role' | 'resource-policy';

export interface CheckMetadata {
  /** kebab-case, stable, e.g. `admin-access`. */
  id: string;
  /** Default severity; a finding may raise it (e.g. broad-trust-policy is critical for `*`). */
  severity: Severity;
  door: Door;
  title: string;
  /** Why this matters, one paragraph. */
  rationale: string;
  remediation: {
    text: string;
    /**
     * The exact AWS CLI command, with placeholders in angle brackets that findings fill in,
     * e.g. `aws iam detach-role-policy --role-name <RoleName> --policy-arn <PolicyArn>`.
     */
    cli: string;
  };
}

/** A fact a finding rests on: which policy and statement, what was asked, what IAM would answer. */
export interface Evidence {
  /** Policy name, or `trust-policy`, `resource-policy`, `function-configuration`. */
  source: string;
  policyArn?: string;
  statementSid?: string;
  /** 0-based index of the statement in its policy document. */
  statementIndex?: number;
  /** Free-form explanation of what this evidence shows. */
  note: string;
}

/** Where in a file a finding was written (set by `keycard scan`; audit findings have none). */
export interface SourceLocation {
  /** The file as the user named it, e.g. `template.yaml`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The template resource the finding is about, e.g. `OrdersFunction`. */
  logicalId?: string;
}

export interface Finding {
  checkId: string;
  severity: Severity;
  door: Door;
  /** Role ARN for role checks; function ARN for missing-* and lock checks. */
  resourceArn: string;
  /** Every function the finding affects. */
  functionArns: string[];
  title: string;
  detail: string;
  evidence: Evidence[];
  remediation: { text: string; cli: string };
  /** Optional (additive): the template line at fault, for findings from `keycard scan`. */
  location?: SourceLocation;
  /** Optional (additive): the account the finding is in, on reports across accounts (`--org`). */
  accountId?: string;
  /** Optional (additive): the region an account-level finding is about (no-management-events-trail: the uncovered region). */
  region?: string;
}

export interface CheckOptions {
  /** Accounts whose principals may invoke functions without a cross-account-invoke finding. */
  trustedAccountIds: string[];
  /** Organizations (`o-...`) whose accounts may invoke through an aws:PrincipalOrgID/OrgPaths pin (--trusted-org-ids, TrustedOrgIds). */
  trustedOrgIds?: string[];
  /** The account's own organization, when known (the stack asks organizations:DescribeOrganization): trusted too. */
  ownOrganizationId?: string;
}

export interface CheckContext {
  account: AccountFacts;
  options: CheckOptions;
}

/** Runs once per role that serves at least one function (plus roles named by an event). */
export interface RoleCheck {
  scope: 'role';
  metadata: CheckMetadata;
  evaluate(role: RoleFacts, functions: FunctionFacts[], context: CheckContext): Finding[];
  /**
   * Optional (additive): runs once per account, for findings that belong to no single role or
   * function (e.g. account-level gaps). The engine calls it after the per-role/function passes.
   */
  evaluateAccount?(context: CheckContext): Finding[];
}

/** Runs once per function; `role` is undefined when the execution role could not be read. */
export interface FunctionCheck {
  scope: 'function';
  metadata: CheckMetadata;
  evaluate(fn: FunctionFacts, role: RoleFacts | undefined, context: CheckContext): Finding[];
  /**
   * Optional (additive): runs once per account, for findings that belong to no single role or
   * function (e.g. account-level gaps). The engine calls it after the per-role/function passes.
   */
  evaluateAccount?(context: CheckContext): Finding[];
}

export type Check = RoleCheck | FunctionCheck;
