import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../cli/commands/parseAuditArgs.ts';
import { UsageError } from '../../cli/errors.ts';

describe('parseAuditArgs', () => {
  it('defaults to the table format, min severity low, no trusted accounts and qualifiers aliases', () => {
    expect(parseAuditArgs(['--snapshot', 'snap'])).toEqual({
      help: false,
      source: { kind: 'snapshot', dir: 'snap' },
      format: 'table',
      minSeverity: 'low',
      trustedAccountIds: [],
      quiet: false,
      trustedOrgIds: [],
      qualifiers: 'aliases',
      showMuted: false,
    });
  });

  it.each(['latest', 'aliases', 'all'] as const)('accepts --qualifiers %s', (mode) => {
    expect(parseAuditArgs(['--live', '--qualifiers', mode]).qualifiers).toBe(mode);
  });

  it('rejects an unknown --qualifiers mode, naming the choices', () => {
    expect(() => parseAuditArgs(['--live', '--qualifiers', 'versions'])).toThrow(/--qualifiers 'versions' is not one of latest, aliases, all/);
  });

  it.each([
    [['--snapshot', 's', '--format', 'sarif'], { format: 'sarif' }],
    [['--snapshot=s', '--format=json', '--output', 'out.json'], { format: 'json', output: 'out.json' }],
    [['--snapshot', 's', '--min-severity', 'CRITICAL'], { minSeverity: 'critical' }],
    [['--snapshot', 's', '--min-severity', 'info'], { minSeverity: 'info' }],
    [['--snapshot', 's', '--trusted-accounts', '444455556666,777788889999'], { trustedAccountIds: ['444455556666', '777788889999'] }],
    [['--snapshot', 's', '--trusted-accounts', '444455556666', '--trusted-accounts', ' 777788889999 '], { trustedAccountIds: ['444455556666', '777788889999'] }],
    [['--snapshot', 's', '--trusted-org-ids', 'o-a1b2c3d4e5,o-f6g7h8i9j0'], { trustedOrgIds: ['o-a1b2c3d4e5', 'o-f6g7h8i9j0'] }],
    [['--snapshot', 's', '--trusted-org-ids', 'o-a1b2c3d4e5', '--trusted-org-ids', ' o-a1b2c3d4e5'], { trustedOrgIds: ['o-a1b2c3d4e5'] }],
    [['--live'], { source: { kind: 'live' } }],
    [['--live', '--region', 'eu-west-1', '--api-rate', '5'], { source: { kind: 'live', region: 'eu-west-1', apiRate: 5 } }],
    [['--live', '--api-rate', '2.5'], { source: { kind: 'live', apiRate: 2.5 } }],
    [['--live', '--profile', 'audit-ro'], { source: { kind: 'live', profile: 'audit-ro' }, quiet: false }],
    [['--live', '--profile=prod.admin', '--region', 'eu-west-1'], { source: { kind: 'live', profile: 'prod.admin', region: 'eu-west-1' } }],
    [['--live', '--quiet'], { quiet: true }],
    [['--snapshot', 's', '--quiet'], { source: { kind: 'snapshot', dir: 's' }, quiet: true }],
    [['-h'], { help: true }],
    [['--help', '--format', 'sarif'], { help: true }],
    [['--help', '--format', 'xml', '--trusted-accounts', '1'], { help: true }],
  ] as const)('accepts %j', (argv, expected) => {
    expect(parseAuditArgs([...argv])).toMatchObject(expected);
  });

  it.each([
    [[], /missing --snapshot DIR or --live/],
    [['--snapshot', 's', '--live'], /either --snapshot DIR or --live, not both/],
    [['--snapshot'], /--snapshot needs a value/],
    [['--snapshot', '--live'], /--snapshot needs a value/],
    [['--snapshot', ''], /--snapshot is empty/],
    [['--snapshot', 's', '--format', 'yaml'], /--format 'yaml' is not one of table, json, sarif/],
    [['--snapshot', 's', '--format'], /--format needs a value/],
    [['--snapshot', 's', '--min-severity', 'severe'], /--min-severity 'severe' is not one of critical, high, medium, low, info/],
    [['--snapshot', 's', '--trusted-accounts', '12345'], /--trusted-accounts '12345' is not a 12-digit AWS account id/],
    [['--snapshot', 's', '--trusted-accounts', '4444555566667'], /'4444555566667' is not a 12-digit/],
    [['--snapshot', 's', '--trusted-accounts', 'arn:aws:iam::444455556666:root'], /is not a 12-digit/],
    [['--snapshot', 's', '--trusted-accounts', ''], /'' has an empty item/],
    [['--snapshot', 's', '--trusted-org-ids', '444455556666'], /--trusted-org-ids '444455556666' is not an AWS Organizations id/],
    [['--snapshot', 's', '--trusted-org-ids', 'O-A1B2C3D4E5'], /is not an AWS Organizations id \(expected e.g. o-a1b2c3d4e5/],
    [['--snapshot', 's', '--trusted-org-ids', 'o-a1b2c3d4e5,'], /has an empty item/],
    [['--snapshot', 's', '--region', 'us-east-1'], /--region applies only to --live/],
    [['--snapshot', 's', '--api-rate', '5'], /--api-rate applies only to --live/],
    [['--live', '--api-rate', '0'], /--api-rate '0' is not a decimal number of calls per second/],
    [['--live', '--api-rate', '20'], /at most 15/],
    [['--live', '--api-rate', 'fast'], /--api-rate 'fast'/],
    [['--live=yes'], /--live does not take a value/],
    [['--snapshot', 's', '--profile', 'dev'], /--profile applies only to --live/],
    [['--live', '--profile', ''], /--profile '' is not a profile name/],
    [['--live', '--profile', 'my profile'], /--profile 'my profile' is not a profile name/],
    [['--live', '--profile'], /--profile needs a value/],
    [['--live', '--profile', 'a', '--profile', 'b'], /--profile is given more than once; give it once/],
    [['--live', '--profile=a', '--profile', 'a'], /--profile is given more than once/],
    [['--live', '--quiet', '--quiet'], /--quiet is given more than once/],
    [['--live', '--quiet=yes'], /--quiet does not take a value/],
    [['--snapshot', 's', '--color'], /unknown option --color/],
    [['--snapshot', 's', 'extra'], /unexpected argument 'extra'/],
  ] as const)('rejects %j', (argv, message) => {
    expect(() => parseAuditArgs([...argv])).toThrow(UsageError);
    expect(() => parseAuditArgs([...argv])).toThrow(message);
  });
});
