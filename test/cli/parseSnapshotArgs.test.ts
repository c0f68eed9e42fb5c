import { describe, expect, it } from 'vitest';
import { parseSnapshotArgs } from '../../cli/commands/parseSnapshotArgs.ts';
import { UsageError } from '../../cli/errors.ts';

describe('parseSnapshotArgs', () => {
  it.each([
    [['--out', 'snap'], { help: false, out: 'snap', quiet: false, qualifiers: 'all' }],
    [['--out', 'snap', '--region', 'eu-central-1'], { help: false, out: 'snap', region: 'eu-central-1', quiet: false, qualifiers: 'all' }],
    [['--out', 'snap', '--api-rate', '3'], { help: false, out: 'snap', apiRate: 3, quiet: false, qualifiers: 'all' }],
    [['--out', 'snap', '--profile', 'audit-ro', '--quiet'], { help: false, out: 'snap', profile: 'audit-ro', quiet: true, qualifiers: 'all' }],
    [['--out', 'snap', '--qualifiers', 'aliases'], { help: false, out: 'snap', quiet: false, qualifiers: 'aliases' }],
    [['--help'], { help: true, out: '', quiet: false, qualifiers: 'all' }],
  ] as const)('accepts %j', (argv, expected) => {
    expect(parseSnapshotArgs([...argv])).toEqual(expected);
  });

  it.each([
    [[], /missing --out DIR/],
    [['--out'], /--out needs a value/],
    [['--out', ' '], /missing --out DIR/],
    [['--out', 's', '--region', ''], /--region is empty/],
    [['--out', 's', '--api-rate=-1'], /--api-rate '-1'/],
    [['--out', 's', '--api-rate', '-1'], /--api-rate needs a value \(write --api-rate=VALUE/],
    [['--out', 's', '--snapshot', 'x'], /unknown option --snapshot/],
    [['--out', 's', '--profile', ' '], /--profile ' ' is not a profile name/],
    [['--out', 's', '--profile', 'a', '--profile', 'b'], /keycard snapshot: --profile is given more than once/],
    [['--out', 's', '--quiet', '--quiet'], /--quiet is given more than once/],
    [['--out', 's', '--qualifiers', 'versions'], /--qualifiers 'versions' is not one of latest, aliases, all/],
  ] as const)('rejects %j', (argv, message) => {
    expect(() => parseSnapshotArgs([...argv])).toThrow(UsageError);
    expect(() => parseSnapshotArgs([...argv])).toThrow(message);
  });
});
