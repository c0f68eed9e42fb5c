import { describe, expect, it } from 'vitest';
import { parseScanArgs } from '../../cli/commands/parseScanArgs.ts';
import { UsageError } from '../../cli/errors.ts';

describe('parseScanArgs', () => {
  it('takes files, and assumes account and region when not given', () => {
    expect(parseScanArgs(['template.yaml', 'other.json'])).toEqual({
      help: false,
      files: ['template.yaml', 'other.json'],
      parameterOverrides: {},
      accountId: '123456789012',
      region: 'us-east-1',
      assumed: ['account-id', 'region'],
      format: 'table',
      minSeverity: 'low',
      trustedAccountIds: [],
    });
  });

  it.each([
    [['t.yaml', '--parameter-overrides', 'Stage=prod', 'Bucket=b=c', '--format', 'sarif'], { files: ['t.yaml'], parameterOverrides: { Stage: 'prod', Bucket: 'b=c' }, format: 'sarif' }],
    [['--parameter-overrides', 'Stage=prod', 't.yaml'], { files: ['t.yaml'], parameterOverrides: { Stage: 'prod' } }],
    [['t.yaml', '--parameter-overrides=Stage=prod', '--parameter-overrides', 'Empty='], { parameterOverrides: { Stage: 'prod', Empty: '' } }],
    [['t.yaml', '--parameter-overrides', 'ParameterKey=Stage,ParameterValue=a,b'], { parameterOverrides: { Stage: 'a,b' } }],
    [['t.yaml', '--account-id', '111122223333', '--region', 'eu-west-1'], { accountId: '111122223333', region: 'eu-west-1', assumed: [] }],
    [['t.yaml', '--min-severity', 'HIGH', '--trusted-accounts', '444455556666', '--output', 'r.sarif'], { minSeverity: 'high', trustedAccountIds: ['444455556666'], output: 'r.sarif' }],
    [['--help'], { help: true }],
  ] as const)('accepts %j', (argv, expected) => {
    expect(parseScanArgs([...argv])).toMatchObject(expected);
  });

  it.each([
    [[], /missing FILE/],
    [['t.yaml', '--parameter-overrides'], /--parameter-overrides needs KEY=VALUE/],
    [['t.yaml', '--parameter-overrides=oops'], /'oops' is not KEY=VALUE/],
    [['t.yaml', '--account-id', '12'], /--account-id '12' is not a 12-digit/],
    [['t.yaml', '--region', 'mars'], /--region 'mars' is not an AWS region/],
    [['t.yaml', '--format', 'xml'], /--format 'xml' is not one of table, json, sarif/],
    [['t.yaml', '--trusted-accounts', '1'], /keycard scan: --trusted-accounts '1'/],
    [['t.yaml', '--live'], /keycard scan: unknown option --live/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseScanArgs(argv)).toThrow(UsageError);
    expect(() => parseScanArgs(argv)).toThrow(message);
  });
});
