/**
 * The core records (functions, their versions, event source mappings) of every region the audit
 * watches, each region through its own reader, IAM read once for all of them. A region whose Lambda
 * cannot be listed (an SCP denying the region, a region not enabled) becomes a gap the audit reports
 * once as `evaluation-incomplete` while it audits the others; IAM failing fails the audit, since
 * nothing can be judged without the roles.
 */
import type { AccountReader } from '../account/AccountReader.ts';
import { AccountReadError } from '../account/errors.ts';
import { readCoreRecords } from '../account/readAccountRecords.ts';
import type { CoreRecords } from '../account/readAccountRecords.ts';
import type { QualifierMode } from '../account/records.ts';
import { withSharedIam } from '../account/withSharedIam.ts';
import type { IncompleteFact } from '../facts/types.ts';
import { regionGap } from './regionGap.ts';

export interface WatchedRegion {
  region: string;
  /** This region's Lambda reads; IAM through the home reader. */
  reader: AccountReader;
  /** Undefined when the region could not be listed (`gap` says why). */
  core?: CoreRecords;
  gap?: IncompleteFact;
}

export async function readWatchedRegions(
  home: AccountReader,
  regional: ReadonlyArray<{ region: string; reader: AccountReader }>,
  qualifiers: QualifierMode | undefined,
): Promise<WatchedRegion[]> {
  const readers = withSharedIam(
    regional.map((r) => r.reader),
    home,
  );
  // IAM first and once (withSharedIam keeps the answer): its failure is the audit's, not a region's.
  await readers[0]?.readAuthorizationDetails();
  return Promise.all(
    regional.map(async ({ region }, index): Promise<WatchedRegion> => {
      const reader = readers[index] as AccountReader;
      try {
        return { region, reader, core: await readCoreRecords(reader, qualifiers === undefined ? {} : { qualifiers }) };
      } catch (error) {
        if (!(error instanceof AccountReadError) || regional.length === 1) throw error;
        return { region, reader, gap: gapOf(region, error) };
      }
    }),
  );
}

function gapOf(region: string, error: AccountReadError): IncompleteFact {
  return regionGap(
    region,
    error,
    "none of the region's functions was audited (allow the audit role to list Lambda there, or remove the region from WatchedRegions)",
  );
}
