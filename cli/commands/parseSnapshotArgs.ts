/** `keycard snapshot` flags -> validated options. */
import { UsageError } from '../errors.ts';
import { parseCommandArgs } from '../parseCommandArgs.ts';
import { parseApiRate } from './parseApiRate.ts';
import { parseProfile } from './parseProfile.ts';

export interface SnapshotArgs {
  help: boolean;
  out: string;
  region?: string;
  apiRate?: number;
  profile?: string;
  /** No progress line and no informational lines on stderr (errors still). */
  quiet: boolean;
}

const OPTIONS = {
  out: { type: 'string' },
  region: { type: 'string' },
  'api-rate': { type: 'string' },
  profile: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseSnapshotArgs(argv: string[]): SnapshotArgs {
  const { values } = parseCommandArgs('snapshot', argv, OPTIONS);
  if (values.help) return { help: true, out: '', quiet: false };
  if (values.out === undefined || values.out.trim() === '') {
    throw new UsageError('keycard snapshot: missing --out DIR (the directory to write the snapshot to)', 'snapshot');
  }
  const args: SnapshotArgs = { help: false, out: values.out, quiet: values.quiet === true };
  if (values.region !== undefined) {
    if (values.region.trim() === '') throw new UsageError('keycard snapshot: --region is empty; expected e.g. us-east-1', 'snapshot');
    args.region = values.region;
  }
  if (values['api-rate'] !== undefined) args.apiRate = parseApiRate('snapshot', values['api-rate']);
  if (values.profile !== undefined) args.profile = parseProfile('snapshot', values.profile);
  return args;
}
