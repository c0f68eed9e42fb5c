/**
 * The organization's accounts, for an audit across them (`keycard audit --live --org`, the hub's
 * audit). Only the management account or a delegated administrator may list them; any other caller
 * gets an error that says where to run from instead.
 */
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import { AccountAccessDeniedError, AccountReadError } from '../errors.ts';
import { classifyAwsError } from './classifyAwsError.ts';

/** ListAccounts returns at most 20 per page: 100 accounts are 5 calls. */
const LIST_ACCOUNTS_PAGE = 20;

export interface OrganizationAccount {
  id: string;
  name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION (Organizations' account state). */
  status: string;
}

export interface OrganizationAccounts {
  /** Every account, in the order Organizations listed them. */
  accounts: OrganizationAccount[];
  /** The ACTIVE ones: the accounts to audit. */
  active: OrganizationAccount[];
  /** The others (suspended, closing, closed): not audited, and reported as skipped with their status. */
  skipped: OrganizationAccount[];
  /** ListAccounts calls made (pages read). */
  calls: number;
}

export interface ListOrganizationAccountsOptions {
  client?: OrganizationsClient;
  /** Appended to the "cannot list" errors: what the caller can do instead (e.g. `or name them with --accounts ID,...`). */
  alternative?: string;
}

export async function listOrganizationAccounts(options: ListOrganizationAccountsOptions = {}): Promise<OrganizationAccounts> {
  const client = options.client ?? new OrganizationsClient({});
  const accounts: OrganizationAccount[] = [];
  let calls = 0;
  try {
    const pages = paginateListAccounts({ client, pageSize: LIST_ACCOUNTS_PAGE, stopOnSameToken: true }, {});
    for await (const page of pages) {
      calls += 1;
      for (const account of page.Accounts ?? []) {
        if (account.Id !== undefined) accounts.push({ id: account.Id, name: account.Name ?? '', status: stateOf(account) });
      }
    }
  } catch (error) {
    throw listError(error, options.alternative);
  }
  return {
    accounts,
    active: accounts.filter((account) => account.status === 'ACTIVE'),
    skipped: accounts.filter((account) => account.status !== 'ACTIVE'),
    calls,
  };
}

/** `State` replaced the deprecated `Status` (which has no CLOSED); older responses carry only `Status`. */
function stateOf(account: Account): string {
  return account.State ?? account.Status ?? 'UNKNOWN';
}

const WHERE = "run it from the organization's management account or from a delegated administrator account";

function listError(error: unknown, alternative: string | undefined): AccountReadError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const instead = alternative === undefined ? '' : `, ${alternative}`;
  const name = error instanceof Error ? error.name : '';
  if (name === 'AWSOrganizationsNotInUseException') {
    return new AccountReadError('ListAccounts organization', `the calling account is not in an organization (${detail}); ${WHERE}${instead}`, { cause: error });
  }
  if (classifyAwsError(error) === 'access-denied') {
    return new AccountAccessDeniedError(
      'ListAccounts organization',
      `access denied (${detail}); only the management account or a delegated administrator may list the organization's accounts (organizations:ListAccounts): ${WHERE}${instead}`,
      { cause: error },
    );
  }
  return new AccountReadError('ListAccounts organization', `read failed (${detail})`, { cause: error });
}
