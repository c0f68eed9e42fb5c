/**
 * `keycard audit --live --regions`: one report across regions, IAM read once, each region's Lambda
 * calls on its own client; `all` from account:ListRegions. Every client mocked with aws-sdk-client-mock.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  LambdaClient,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliDeps } from '../../cli/CliDeps.ts';
import { parseAuditArgs } from '../../cli/commands/parseAuditArgs.ts';
import { run } from '../../cli/run.ts';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { listEnabledRegions } from '../../shared/account/live/listEnabledRegions.ts';
import { writeSnapshot } from '../../shared/account/snapshot/writeSnapshot.ts';
import { mockedPerRegion } from '../support/mockedPerRegion.ts';
import { captureIO } from './captureIO.ts';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ACCOUNT = '111122223333';
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const iam = new IAMClient({ region: 'us-east-1' });
const sts = new STSClient({ region: 'us-east-1' });
const iamMock = mockClient(iam);
const stsMock = mockClient(sts);
const accountMock = mockClient(AccountClient);
const { clients: lambdas, mocks: lambdaMocks } = mockedPerRegion(REGIONS, (region) => new LambdaClient({ region }));

const TRUST = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
const ADMIN = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));

/** eu-west-1 holds a public function with an admin role; the others one ordinary function each. */
function serve(): void {
  for (const stub of [iamMock, stsMock, accountMock, ...lambdaMocks.values()]) stub.reset();
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/auditor/me`, UserId: 'AROAEXAMPLE:me' });
  iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
    RoleDetailList: [
      { RoleName: 'admin-role', Arn: `arn:aws:iam::${ACCOUNT}:role/admin-role`, Path: '/', AssumeRolePolicyDocument: TRUST, RolePolicyList: [{ PolicyName: 'all', PolicyDocument: ADMIN }], AttachedManagedPolicies: [] },
      { RoleName: 'plain-role', Arn: `arn:aws:iam::${ACCOUNT}:role/plain-role`, Path: '/', AssumeRolePolicyDocument: TRUST, RolePolicyList: [], AttachedManagedPolicies: [] },
    ],
    Policies: [],
    IsTruncated: false,
  });
  accountMock.on(ListRegionsCommand).resolves({ Regions: REGIONS.map((RegionName) => ({ RegionName, RegionOptStatus: 'ENABLED_BY_DEFAULT' })) });
  for (const [region, mock] of lambdaMocks) {
    const name = `fn-${region}`;
    const arn = `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;
    const role = region === 'eu-west-1' ? 'admin-role' : 'plain-role';
    const config = { FunctionName: name, FunctionArn: arn, Role: `arn:aws:iam::${ACCOUNT}:role/${role}`, Runtime: 'nodejs22.x', Version: '$LATEST', PackageType: 'Zip' as const };
    mock.on(ListFunctionsCommand).callsFake((input: { FunctionVersion?: string }) => ({
      Functions: [input.FunctionVersion === 'ALL' ? { ...config, FunctionArn: `${arn}:$LATEST` } : config],
    }));
    mock.on(ListAliasesCommand).resolves({ Aliases: [] });
    mock.on(ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
    mock.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    mock.on(GetPolicyCommand).rejects(new ResourceNotFoundException({ message: 'The resource you requested does not exist.', $metadata: {} }));
    if (region === 'eu-west-1') {
      mock.on(GetPolicyCommand, { FunctionName: name }).resolves({
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'open', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: arn }] }),
      });
    }
  }
}

const created: string[] = [];
const deps: CliDeps = {
  async createLiveReader(options) {
    created.push(options.region ?? '');
    return createLiveAccountReader({ ...options, lambdaRate: Number.POSITIVE_INFINITY, clients: { iam, sts, lambda: lambdas.get(options.region ?? '')! } });
  },
  async writeSnapshot(reader, dir, options) {
    return writeSnapshot(reader, dir, undefined, options);
  },
  listEnabledRegions: () => listEnabledRegions(new AccountClient({ region: 'us-east-1' })),
};

beforeEach(() => {
  created.length = 0;
  serve();
});

describe('keycard audit --live --regions', () => {
  it('audits every enabled region in one report, reading IAM once and each region\'s Lambda on its own client', async () => {
    const io = captureIO();
    const code = await run(['audit', '--live', '--regions', 'all', '--format', 'json'], io, deps);
    expect(code).toBe(1);
    const report = JSON.parse(io.out);
    expect(created.sort()).toEqual([...REGIONS].sort());
    expect(accountMock.commandCalls(ListRegionsCommand)).toHaveLength(1);
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(1);
    expect(stsMock.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
    for (const [region, mock] of lambdaMocks) {
      expect(mock.commandCalls(ListFunctionsCommand), region).toHaveLength(1);
      expect(mock.commandCalls(GetPolicyCommand), region).toHaveLength(1);
      expect(mock.commandCalls(ListAliasesCommand), region).toHaveLength(1);
    }
    // The worst case in eu-west-1 is found with the role read once for all regions.
    const worst = report.functions.find((f: { worstCase: boolean }) => f.worstCase);
    expect(worst.functionArn).toBe(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fn-eu-west-1`);
    expect(report.summary.region).toBe('ap-southeast-2,eu-west-1,us-east-1');
    expect(report.summary.functionsEvaluated).toBe(3);
    expect(report.summary.regions).toEqual({
      // missing-log-permissions on its function, and shared-execution-role: plain-role serves both regions.
      'ap-southeast-2': { functionsEvaluated: 1, findings: 2, worstCaseFunctions: 0 },
      // public-invoke and admin-access.
      'eu-west-1': { functionsEvaluated: 1, findings: 2, worstCaseFunctions: 1 },
      'us-east-1': { functionsEvaluated: 1, findings: 2, worstCaseFunctions: 0 },
    });
    const shared = report.findings.find((f: { checkId: string }) => f.checkId === 'shared-execution-role');
    expect(shared.functionArns.map((arn: string) => arn.split(':')[3]).sort()).toEqual(['ap-southeast-2', 'us-east-1']);
    // Calls are counted per region on stderr.
    for (const region of REGIONS) expect(io.err).toContain(`keycard: ${region}: `);
  });

  it('audits just the regions named', async () => {
    const io = captureIO();
    await run(['audit', '--live', '--regions', 'us-east-1,ap-southeast-2', '--format', 'json'], io, deps);
    expect(created).toEqual(['us-east-1', 'ap-southeast-2']);
    expect(accountMock.commandCalls(ListRegionsCommand)).toHaveLength(0);
    expect(lambdaMocks.get('eu-west-1')!.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(JSON.parse(io.out).summary.functionsEvaluated).toBe(2);
  });

  it('validates --regions', () => {
    expect(parseAuditArgs(['--live', '--regions', 'all']).source).toMatchObject({ regions: 'all' });
    expect(parseAuditArgs(['--live', '--regions', 'eu-west-1, us-east-1,eu-west-1']).source).toMatchObject({ regions: ['eu-west-1', 'us-east-1'] });
    expect(() => parseAuditArgs(['--live', '--regions', 'mars-1'])).toThrow(/--regions 'mars-1' is not 'all' or a comma-separated list/);
    expect(() => parseAuditArgs(['--live', '--region', 'us-east-1', '--regions', 'all'])).toThrow(/either --region R or --regions/);
    expect(() => parseAuditArgs(['--snapshot', 's', '--regions', 'all'])).toThrow(/--regions applies only to --live/);
  });
});

describe('keycard snapshot --regions, then audit --snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keycard-regions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one folder per region beside one iam/, read once, and audits it as one report like the live one', async () => {
    const out = join(dir, 'snap');
    const io = captureIO();
    expect(await run(['snapshot', '--out', out, '--regions', 'all'], io, deps)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'iam', 'us-east-1']);
    for (const region of REGIONS) expect(readdirSync(join(out, region))).toEqual(['lambda']);
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(1);

    const live = captureIO();
    await run(['audit', '--live', '--regions', 'all', '--format', 'json'], live, deps);
    const offline = captureIO();
    expect(await run(['audit', '--snapshot', out, '--format', 'json'], offline, deps)).toBe(1);
    const fromSnapshot = JSON.parse(offline.out);
    const fromLive = JSON.parse(live.out);
    expect(fromSnapshot.findings.map((f: { checkId: string; resourceArn: string }) => `${f.checkId} ${f.resourceArn}`)).toEqual(
      fromLive.findings.map((f: { checkId: string; resourceArn: string }) => `${f.checkId} ${f.resourceArn}`),
    );
    expect(fromSnapshot.summary.regions).toEqual(fromLive.summary.regions);
  });

  it('names the region folder and the file when a region\'s file is wrong, and re-creates it in that region', async () => {
    const out = join(dir, 'broken');
    expect(await run(['snapshot', '--out', out, '--regions', 'all'], captureIO(), deps)).toBe(0);

    // A per-function file: an evaluation-incomplete on that function, naming eu-west-1's file.
    writeFileSync(join(out, 'eu-west-1', 'lambda', 'policies', 'fn-eu-west-1.json'), '{"Policy": ');
    const gap = captureIO();
    expect(await run(['audit', '--snapshot', out, '--format', 'json', '--min-severity', 'info'], gap, deps)).toBe(1);
    const incomplete = JSON.parse(gap.out).findings.filter((f: { checkId: string }) => f.checkId === 'evaluation-incomplete');
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0].resourceArn).toBe(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:fn-eu-west-1`);
    expect(incomplete[0].detail).toContain('(eu-west-1/lambda/policies/fn-eu-west-1.json)');
    expect(incomplete[0].detail).toContain('`aws lambda get-policy --region eu-west-1 --function-name fn-eu-west-1 --output json`');

    // A region's function list: the audit stops, naming the whole path, region folder included.
    writeFileSync(join(out, 'ap-southeast-2', 'lambda', 'functions.json'), '{bad');
    const io = captureIO();
    expect(await run(['audit', '--snapshot', out, '--format', 'json'], io, deps)).toBe(2);
    expect(io.err).toContain(`${join(out, 'ap-southeast-2', 'lambda', 'functions.json')}: expected the JSON output of \`aws lambda list-functions\``);
    expect(io.err).toContain('`aws lambda list-functions --region ap-southeast-2 --output json`');
  });

  it('refuses a directory that is not empty', async () => {
    const io = captureIO();
    expect(await run(['snapshot', '--out', join(dir, 'snap'), '--regions', 'us-east-1'], io, deps)).toBe(2);
    expect(io.err).toMatch(/new or empty directory/);
  });
});
