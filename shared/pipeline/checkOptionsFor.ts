/**
 * The check options a handler evaluates with: the configured trust, plus the account's own
 * organization when the reader can find it (organizations:DescribeOrganization, where allowed).
 */
import type { AccountReader } from '../account/AccountReader.ts';
import type { CheckOptions } from '../checks/types.ts';
import type { HandlerConfig } from './HandlerConfig.ts';

/** An account's organization rarely changes: asked once per container and account, not per event. */
const ownOrganizations = new Map<string, Promise<string | undefined>>();

export async function checkOptionsFor(
  config: Pick<HandlerConfig, 'trustedAccountIds'> & Partial<Pick<HandlerConfig, 'trustedOrgIds'>>,
  reader: AccountReader,
  accountId: string,
): Promise<CheckOptions> {
  let own = ownOrganizations.get(accountId);
  if (own === undefined && reader.organizationId !== undefined) {
    own = reader.organizationId();
    ownOrganizations.set(accountId, own);
    // A failed lookup is not kept: the next invocation asks again.
    own.catch(() => ownOrganizations.delete(accountId));
  }
  const ownOrganizationId = await own;
  return {
    trustedAccountIds: config.trustedAccountIds,
    trustedOrgIds: config.trustedOrgIds ?? [],
    ...(ownOrganizationId !== undefined ? { ownOrganizationId } : {}),
  };
}
