/**
 * `keycard audit --live --regions`: one account read region by region, in parallel, each region's
 * Lambda calls on its own reader (its own rate budget), IAM read once, merged into one set of facts.
 */
import type { AccountIdentity } from '../../shared/account/AccountReader.ts';
import { readAccountRecords } from '../../shared/account/readAccountRecords.ts';
import type { QualifierMode } from '../../shared/account/records.ts';
import { withSharedIam } from '../../shared/account/withSharedIam.ts';
import { mergeRegionFacts } from '../../shared/facts/mergeRegionFacts.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import type { AccountFacts } from '../../shared/facts/types.ts';
import type { CliDeps, CountingAccountReader, LiveReaderOptions } from '../CliDeps.ts';
import { InputError } from '../errors.ts';

export interface RegionsRead {
  regions: string[];
  identity: AccountIdentity;
  facts: AccountFacts;
  /** Calls per region, as each region's reader counted them (IAM's are in the first region's). */
  callCounts: Record<string, Record<string, number>>;
}

export async function readRegions(
  deps: CliDeps,
  options: { regions: 'all' | string[]; apiRate?: number; qualifiers: QualifierMode; credentials?: LiveReaderOptions['credentials'] },
): Promise<RegionsRead> {
  const regions = options.regions === 'all' ? await enabledRegions(deps) : options.regions;
  const { apiRate, credentials } = options;
  const readers: CountingAccountReader[] = await Promise.all(
    regions.map((region) =>
      deps.createLiveReader({ region, ...(apiRate !== undefined ? { lambdaRate: apiRate } : {}), ...(credentials !== undefined ? { credentials } : {}) }),
    ),
  );
  return readAcrossRegions(readers, regions, options.qualifiers);
}

/** Region readers (live, or the region folders of a snapshot) read as one account, IAM through the first. */
export async function readAcrossRegions(readers: CountingAccountReader[], regions: string[], qualifiers: QualifierMode): Promise<RegionsRead> {
  const iam = readers[0];
  if (iam === undefined) throw new InputError('--regions: no region to audit');
  const identity = await iam.identity();
  const shared = withSharedIam(readers, iam);
  const facts = await Promise.all(
    shared.map(async (reader, index) => {
      const region = regions[index] as string;
      const records = await readAccountRecords(reader, { qualifiers });
      return toAccountFacts({ ...identity, region }, records);
    }),
  );
  const callCounts = Object.fromEntries(regions.map((region, index) => [region, readers[index]?.callCounts?.() ?? {}]));
  return { regions, identity, facts: mergeRegionFacts(facts), callCounts };
}

async function enabledRegions(deps: CliDeps): Promise<string[]> {
  if (deps.listEnabledRegions === undefined) throw new InputError('--regions all: this build cannot list the account\'s regions; name them (--regions us-east-1,eu-west-1)');
  return deps.listEnabledRegions();
}
