/**
 * assumeRoleCredentials: the role ARN (partition, path), session name, external id; one AssumeRole
 * per account shared by its clients; a denied AssumeRole named as the role, with what to do.
 * fromTemporaryCredentials calls STS through the SDK's inner STS client (@aws-sdk/nested-clients),
 * which is the one mocked here.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AssumeRoleCommand, STSClient as InnerSTSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountAccessDeniedError, AccountReadError } from '../../../shared/account/errors.ts';
import { assumeRoleCredentials, roleArnFor } from '../../../shared/account/live/assumeRoleCredentials.ts';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';

const inner = mockClient(InnerSTSClient);
const sts = mockClient(STSClient);
const MASTER = async () => ({ accessKeyId: 'AKIAMASTER', secretAccessKey: 'master' });

function denied(): Error {
  return Object.assign(new Error('User: arn:aws:iam::999999999999:user/me is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
}

/** A session whose key id names the account, valid for an hour. */
const grant = (input: { RoleArn?: string }) => ({
  Credentials: { AccessKeyId: `ASIA${input.RoleArn?.split(':')[4]}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) },
});

beforeEach(() => {
  inner.reset();
  sts.reset();
  inner.on(AssumeRoleCommand).callsFake(grant);
});

describe('roleArnFor', () => {
  it('builds the ARN in the partition, a path kept', () => {
    expect(roleArnFor('111122223333', 'KeycardReadRole')).toBe('arn:aws:iam::111122223333:role/KeycardReadRole');
    expect(roleArnFor('111122223333', 'security/KeycardReadRole', 'aws-us-gov')).toBe('arn:aws-us-gov:iam::111122223333:role/security/KeycardReadRole');
  });
});

describe('assumeRoleCredentials', () => {
  it('assumes the role with the default session name, through the master credentials', async () => {
    const credentials = assumeRoleCredentials({ accountId: '111122223333', roleName: 'KeycardReadRole', region: 'eu-west-1', masterCredentials: MASTER, externalId: 'x-1' });
    expect((await credentials()).accessKeyId).toBe('ASIA111122223333');
    expect(inner.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: 'arn:aws:iam::111122223333:role/KeycardReadRole',
      RoleSessionName: 'keycard-audit',
      ExternalId: 'x-1',
    });
    const client = inner.call(0).thisValue as InnerSTSClient;
    expect((await client.config.credentials()).accessKeyId).toBe('AKIAMASTER');
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it('assumes once for every client of the account, and again when the session nears its end', async () => {
    const credentials = assumeRoleCredentials({ accountId: '111122223333', roleName: 'R', region: 'us-east-1', masterCredentials: MASTER, sessionName: 'mine' });
    await Promise.all([credentials(), credentials(), credentials()]);
    expect(inner.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(inner.commandCalls(AssumeRoleCommand)[0]!.args[0].input.RoleSessionName).toBe('mine');
    vi.useFakeTimers({ now: Date.now() + 3600_000 - 60_000 });
    try {
      await credentials();
    } finally {
      vi.useRealTimers();
    }
    expect(inner.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('a reader given the credentials signs every call with the assumed session', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws:sts::111122223333:assumed-role/KeycardReadRole/keycard-audit' });
    const credentials = assumeRoleCredentials({ accountId: '111122223333', roleName: 'KeycardReadRole', region: 'us-east-1', masterCredentials: MASTER });
    const reader = createLiveAccountReader({ region: 'us-east-1', credentials });
    expect(await reader.identity()).toEqual({ accountId: '111122223333', region: 'us-east-1', partition: 'aws' });
    const client = sts.call(0).thisValue as STSClient;
    expect((await client.config.credentials()).accessKeyId).toBe('ASIA111122223333');
  });

  it('a denied AssumeRole is an AccountAccessDeniedError naming the role and the member stack; the next call asks again', async () => {
    inner.on(AssumeRoleCommand).rejectsOnce(denied()).callsFake(grant);
    const credentials = assumeRoleCredentials({ accountId: '444455556666', roleName: 'KeycardReadRole', region: 'us-east-1', masterCredentials: MASTER });
    const failure = await credentials().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AccountAccessDeniedError);
    expect((failure as Error).message).toMatch(/^AssumeRole arn:aws:iam::444455556666:role\/KeycardReadRole: cannot assume the role \(AccessDenied: .*\); deploy the member stack .* in account 444455556666/);
    expect((await credentials()).accessKeyId).toBe('ASIA444455556666');
  });

  it('a denied AssumeRole reaches the reader as that error, not as a denied GetCallerIdentity', async () => {
    sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      await (getClient() as STSClient).config.credentials();
      return { Account: '444455556666', Arn: 'arn:aws:sts::444455556666:assumed-role/KeycardReadRole/keycard-audit' };
    });
    inner.on(AssumeRoleCommand).rejects(denied());
    const credentials = assumeRoleCredentials({ accountId: '444455556666', roleName: 'KeycardReadRole', region: 'us-east-1', masterCredentials: MASTER });
    const reader = createLiveAccountReader({ region: 'us-east-1', credentials });
    const failure = await reader.identity().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AccountAccessDeniedError);
    expect((failure as AccountReadError).source).toBe('AssumeRole arn:aws:iam::444455556666:role/KeycardReadRole');
  });

  it('another failure is an AccountReadError naming the role', async () => {
    inner.on(AssumeRoleCommand).rejects(Object.assign(new Error('Region disabled'), { name: 'RegionDisabledException' }));
    const credentials = assumeRoleCredentials({ accountId: '444455556666', roleName: 'R', region: 'ap-east-1', masterCredentials: MASTER });
    const failure = await credentials().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AccountReadError);
    expect(failure).not.toBeInstanceOf(AccountAccessDeniedError);
    expect((failure as Error).message).toBe('AssumeRole arn:aws:iam::444455556666:role/R: cannot assume the role (RegionDisabledException: Region disabled)');
  });
});
