import { describe, expect, it, vi } from 'vitest';
import type { AccountReader } from '../../shared/account/AccountReader.ts';
import { checkOptionsFor } from '../../shared/pipeline/checkOptionsFor.ts';

/** Only organizationId is called; the rest of the interface is never reached. */
const readerWith = (organizationId?: () => Promise<string | undefined>): AccountReader =>
  ({ ...(organizationId ? { organizationId } : {}) }) as unknown as AccountReader;

describe('checkOptionsFor', () => {
  it('passes the configured trust and adds the own organization', async () => {
    const options = await checkOptionsFor(
      { trustedAccountIds: ['444455556666'], trustedOrgIds: ['o-f6g7h8i9j0'] },
      readerWith(async () => 'o-a1b2c3d4e5'),
      '100000000001',
    );
    expect(options).toEqual({ trustedAccountIds: ['444455556666'], trustedOrgIds: ['o-f6g7h8i9j0'], ownOrganizationId: 'o-a1b2c3d4e5' });
  });

  it('asks once per account and container', async () => {
    const lookup = vi.fn(async () => 'o-a1b2c3d4e5');
    await checkOptionsFor({ trustedAccountIds: [] }, readerWith(lookup), '100000000002');
    await checkOptionsFor({ trustedAccountIds: [] }, readerWith(lookup), '100000000002');
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('leaves the own organization out when it is unknown or the reader cannot tell', async () => {
    expect(await checkOptionsFor({ trustedAccountIds: [] }, readerWith(async () => undefined), '100000000003')).toEqual({ trustedAccountIds: [], trustedOrgIds: [] });
    expect(await checkOptionsFor({ trustedAccountIds: [] }, readerWith(), '100000000004')).toEqual({ trustedAccountIds: [], trustedOrgIds: [] });
  });

  it('asks again after a failed lookup', async () => {
    const lookup = vi.fn().mockRejectedValueOnce(new Error('throttled')).mockResolvedValueOnce('o-a1b2c3d4e5');
    await expect(checkOptionsFor({ trustedAccountIds: [] }, readerWith(lookup), '100000000005')).rejects.toThrow('throttled');
    expect((await checkOptionsFor({ trustedAccountIds: [] }, readerWith(lookup), '100000000005')).ownOrganizationId).toBe('o-a1b2c3d4e5');
  });
});
