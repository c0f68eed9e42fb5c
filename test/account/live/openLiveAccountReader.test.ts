/**
 * `--profile NAME`: the reader's credentials and region come from that profile of the shared AWS
 * config files (written here to a temporary folder; AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
 * point at them), and a profile that is not there is named as such before any call is made.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../cli/run.ts';
import { AccountReadError } from '../../../shared/account/errors.ts';
import { LiveAccountReader } from '../../../shared/account/live/LiveAccountReader.ts';
import { openLiveAccountReader } from '../../../shared/account/live/openLiveAccountReader.ts';
import { captureIO } from '../../cli/captureIO.ts';

let dir: string;
const sts = mockClient(STSClient);

beforeEach(() => {
  // A folder per test: the SDK caches the files it read by path.
  dir = mkdtempSync(join(tmpdir(), 'keycard-profile-'));
  writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-2\n\n[profile audit-ro]\nregion = eu-west-1\n\n[profile no-credentials]\nregion = eu-west-2\n');
  writeFileSync(join(dir, 'credentials'), '[audit-ro]\naws_access_key_id = AKIAAUDITPROFILE\naws_secret_access_key = audit-secret\n');
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
  // What the profile must win over: environment credentials, AWS_PROFILE and AWS_REGION.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMENVIRONMENT');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'environment-secret');
  vi.stubEnv('AWS_PROFILE', undefined);
  vi.stubEnv('AWS_REGION', undefined);
  vi.stubEnv('AWS_DEFAULT_REGION', undefined);
  sts.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws:sts::111122223333:assumed-role/audit/me' });
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('openLiveAccountReader with a profile', () => {
  it("uses the profile's credentials, not the environment's, and the profile's region", async () => {
    const reader = await openLiveAccountReader({ profile: 'audit-ro', lambdaRate: 5 });
    expect(reader).toBeInstanceOf(LiveAccountReader);
    expect(reader.lambdaRate).toBe(5);
    expect(await reader.identity()).toEqual({ accountId: '111122223333', region: 'eu-west-1', partition: 'aws' });
    // The credentials the call was signed with: aws-sdk-client-mock hands the client to the mock.
    const client = sts.call(0).thisValue as STSClient;
    expect((await client.config.credentials()).accessKeyId).toBe('AKIAAUDITPROFILE');
  });

  it('takes --region over the profile region', async () => {
    const reader = await openLiveAccountReader({ profile: 'audit-ro', region: 'ap-south-1' });
    expect((await reader.identity()).region).toBe('ap-south-1');
  });

  it.each(['does-not-exist', 'no-credentials'])('names a profile %s that gives no credentials, and where it looked', async (profile) => {
    const opening = openLiveAccountReader({ profile });
    await expect(opening).rejects.toBeInstanceOf(AccountReadError);
    await expect(opening).rejects.toThrow(
      `--profile ${profile}: no such profile with credentials in ${join(dir, 'config')}, ${join(dir, 'credentials')}; 'aws configure list-profiles' lists the profiles there`,
    );
    expect(sts.calls()).toHaveLength(0);
  });

  it('reports it from the command line as one line, exit 2', async () => {
    const io = captureIO();
    expect(await run(['audit', '--live', '--profile', 'does-not-exist'], io)).toBe(2);
    expect(io.err).toBe(
      `keycard: cannot read the account: --profile does-not-exist: no such profile with credentials in ${join(dir, 'config')}, ${join(dir, 'credentials')}; 'aws configure list-profiles' lists the profiles there\n`,
    );
  });
});
