/**
 * listOrganizationAccounts: every page through the SDK paginator, ACTIVE accounts to audit and the
 * others skipped with their state; outside the management or delegated administrator account, an
 * error that says where to run from.
 */
import { AccessDeniedException, AWSOrganizationsNotInUseException, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountAccessDeniedError, AccountReadError } from '../../../shared/account/errors.ts';
import { listOrganizationAccounts } from '../../../shared/account/live/listOrganizationAccounts.ts';

const organizations = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: 'us-east-1' });

beforeEach(() => organizations.reset());

/** 45 accounts over three pages of 20 (ListAccounts' largest), two of them not active. */
function serveAccounts(): void {
  const all = Array.from({ length: 45 }, (_, i) => ({
    Id: String(100000000000 + i),
    Name: `account-${i}`,
    Status: 'ACTIVE' as const,
    State: (i === 7 ? 'SUSPENDED' : i === 30 ? 'CLOSED' : 'ACTIVE') as 'ACTIVE' | 'SUSPENDED' | 'CLOSED',
  }));
  organizations.on(ListAccountsCommand).callsFake((input: { NextToken?: string; MaxResults?: number }) => {
    const start = Number(input.NextToken ?? 0);
    const end = start + (input.MaxResults ?? 20);
    return { Accounts: all.slice(start, end), ...(end < all.length ? { NextToken: String(end) } : {}) };
  });
}

describe('listOrganizationAccounts', () => {
  it('lists every page, 20 at a time, and splits active from skipped by state', async () => {
    serveAccounts();
    const listed = await listOrganizationAccounts({ client });
    expect(organizations.commandCalls(ListAccountsCommand).map((c) => c.args[0].input.MaxResults)).toEqual([20, 20, 20]);
    expect(listed.accounts).toHaveLength(45);
    expect(listed.calls).toBe(3);
    expect(listed.active).toHaveLength(43);
    expect(listed.skipped).toEqual([
      { id: '100000000007', name: 'account-7', status: 'SUSPENDED' },
      { id: '100000000030', name: 'account-30', status: 'CLOSED' },
    ]);
    expect(listed.active[0]).toEqual({ id: '100000000000', name: 'account-0', status: 'ACTIVE' });
  });

  it('falls back to the older Status field when State is absent', async () => {
    organizations.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '111122223333', Name: 'old', Status: 'SUSPENDED' }] });
    expect((await listOrganizationAccounts({ client })).skipped).toEqual([{ id: '111122223333', name: 'old', status: 'SUSPENDED' }]);
  });

  it('outside an organization: says where to run from, and the alternative', async () => {
    organizations.on(ListAccountsCommand).rejects(new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', $metadata: {} }));
    const failure = await listOrganizationAccounts({ client, alternative: 'or name the accounts with --accounts ID,...' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AccountReadError);
    expect((failure as Error).message).toBe(
      "ListAccounts organization: the calling account is not in an organization (AWSOrganizationsNotInUseException: Your account is not a member of an organization.); run it from the organization's management account or from a delegated administrator account, or name the accounts with --accounts ID,...",
    );
  });

  it('from a member account (AccessDenied): names the permission and where to run from', async () => {
    organizations.on(ListAccountsCommand).rejects(new AccessDeniedException({ message: 'You don’t have permissions to access this resource.', $metadata: {} }));
    const failure = await listOrganizationAccounts({ client }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AccountAccessDeniedError);
    expect((failure as Error).message).toMatch(/organizations:ListAccounts\): run it from the organization's management account or from a delegated administrator account$/);
  });
});
