/**
 * What one organization audit invocation hands the next: the accounts as listed when the audit
 * started, the finished accounts' totals, each started account's own AuditContinuation, and the
 * organization's worst findings so far. Bounded: per account a few counts; findings only the worst
 * few of the organization (async invocation payloads are limited to 256 KB).
 */
import type { OrganizationAccount as ListedAccount } from '../account/live/listOrganizationAccounts.ts';
import type { Finding } from '../checks/types.ts';
import type { AccountAuditLine } from '../engine/AccountAuditLine.ts';
import type { AuditContinuation } from './AuditContinuation.ts';

/** An account to audit: as Organizations lists it (with name and status) or as OrganizationAccountIds names it (id only). */
export type OrganizationAccount = Pick<ListedAccount, 'id'> & Partial<Pick<ListedAccount, 'name' | 'status'>>;

export interface OrganizationAuditContinuation {
  auditId: string;
  /** Invocations so far, including the one that wrote this. */
  invocation: number;
  startedAt: string;
  /** Listed once, when the audit started: an account that joins later is listed by the next audit. */
  accounts: OrganizationAccount[];
  /** Accounts finished: audited, or unreadable with the reason. */
  done: AccountAuditLine[];
  /** Accounts whose audit continues, each with its runAudit continuation. */
  inProgress: { accountId: string; continuation: AuditContinuation }[];
  /** Findings per check over the finished accounts. */
  byCheck: Record<string, number>;
  /** The organization's worst findings so far (sorted) and its worst-case functions (capped). */
  worst: Finding[];
  worstCaseFunctionArns: string[];
}
