/** `keycard snapshot` flags -> validated options. */
import { UsageError } from '../errors.ts';
import { parseCommandArgs } from '../parseCommandArgs.ts';
import type { QualifierMode } from '../../shared/account/records.ts';
import { parseApiRate } from './parseApiRate.ts';
import { parseProfile } from './parseProfile.ts';
import { parseRegions } from './parseAuditArgs.ts';
import { parseQualifiers } from './parseQualifiers.ts';

export interface SnapshotArgs {
  help: boolean;
  out: string;
  region?: string;
  apiRate?: number;
  profile?: string;
  /** No progress line and no informational lines on stderr (errors still). */
  quiet: boolean;
  /** Aliases and versions to write (default `all`: a snapshot is a complete copy). */
  qualifiers: QualifierMode;
  /** `--regions`: one folder per region beside one iam/. */
  regions?: 'all' | string[];
}

const OPTIONS = {
  out: { type: 'string' },
  region: { type: 'string' },
  regions: { type: 'string' },
  'api-rate': { type: 'string' },
  profile: { type: 'string' },
  quiet: { type: 'boolean' },
  qualifiers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseSnapshotArgs(argv: string[]): SnapshotArgs {
  const { values } = parseCommandArgs('snapshot', argv, OPTIONS);
  if (values.help) return { help: true, out: '', quiet: false, qualifiers: 'all' };
  if (values.out === undefined || values.out.trim() === '') {
    throw new UsageError('keycard snapshot: missing --out DIR (the directory to write the snapshot to)', 'snapshot');
  }
  const args: SnapshotArgs = { help: false, out: values.out, quiet: values.quiet === true, qualifiers: parseQualifiers('snapshot', values.qualifiers, 'all') };
  if (values.region !== undefined) {
    if (values.region.trim() === '') throw new UsageError('keycard snapshot: --region is empty; expected e.g. us-east-1', 'snapshot');
    args.region = values.region;
  }
  if (values['api-rate'] !== undefined) args.apiRate = parseApiRate('snapshot', values['api-rate']);
  if (values.profile !== undefined) args.profile = parseProfile('snapshot', values.profile);
  if (values.regions !== undefined) {
    if (args.region !== undefined) throw new UsageError('keycard snapshot: give either --region R or --regions all|R1,R2, not both', 'snapshot');
    args.regions = parseRegions(values.regions, 'snapshot');
  }
  return args;
}
