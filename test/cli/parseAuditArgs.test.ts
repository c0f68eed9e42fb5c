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
      qualifiers: 'aliases',
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
    [['--snapshot', 's', '--trusted-accounts', '444455556666', '--trusted-accounts', ' 777788889999 ,'], { trustedAccountIds: ['444455556666', '777788889999'] }],
    [['--live'], { source: { kind: 'live' } }],
    [['--live', '--region', 'eu-west-1', '--api-rate', '5'], { source: { kind: 'live', region: 'eu-west-1', apiRate: 5 } }],
    [['--live', '--api-rate', '2.5'], { source: { kind: 'live', apiRate: 2.5 } }],
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
    [['--snapshot', 's', '--trusted-accounts', ''], /'' is not a 12-digit/],
    [['--snapshot', 's', '--region', 'us-east-1'], /--region applies only to --live/],
    [['--snapshot', 's', '--api-rate', '5'], /--api-rate applies only to --live/],
    [['--live', '--api-rate', '0'], /--api-rate '0' is not a number of calls per second/],
    [['--live', '--api-rate', '20'], /at most 15/],
    [['--live', '--api-rate', 'fast'], /--api-rate 'fast'/],
    [['--live=yes'], /--live does not take a value/],
    [['--snapshot', 's', '--color'], /unknown option --color/],
    [['--snapshot', 's', 'extra'], /unexpected argument 'extra'/],
  ] as const)('rejects %j', (argv, message) => {
    expect(() => parseAuditArgs([...argv])).toThrow(UsageError);
    expect(() => parseAuditArgs([...argv])).toThrow(message);
  });
});
