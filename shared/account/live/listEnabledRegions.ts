import { AccountClient, paginateListRegions } from '@aws-sdk/client-account';
import { AccountAccessDeniedError, AccountReadError } from '../errors.ts';
import { classifyAwsError } from './classifyAwsError.ts';

/** ListRegions takes at most 50 per page. */
const LIST_REGIONS_PAGE = 50;

/**
 * The account's enabled regions (`--regions all`): `account:ListRegions` for regions enabled by
 * default or opted in, sorted. One call for today's ~35 regions. Region-agnostic: the Account
 * service answers from any region.
 */
export async function listEnabledRegions(client: AccountClient = new AccountClient({ retryMode: 'adaptive' })): Promise<string[]> {
  const regions: string[] = [];
  try {
    const pages = paginateListRegions(
      { client, pageSize: LIST_REGIONS_PAGE, stopOnSameToken: true },
      { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] },
    );
    for await (const page of pages) {
      for (const region of page.Regions ?? []) if (region.RegionName !== undefined) regions.push(region.RegionName);
    }
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (classifyAwsError(error) === 'access-denied') {
      throw new AccountAccessDeniedError(
        'ListRegions account',
        `access denied (${detail}); allow account:ListRegions to the identity Keycard runs as, or name the regions (--regions us-east-1,eu-west-1)`,
        { cause: error },
      );
    }
    throw new AccountReadError('ListRegions account', `read failed (${detail})`, { cause: error });
  }
  if (regions.length === 0) throw new AccountReadError('ListRegions account', 'returned no enabled region; name the regions instead (--regions us-east-1,eu-west-1)');
  return regions.sort();
}
