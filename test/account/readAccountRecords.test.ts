import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountReader } from '../../shared/account/AccountReader.ts';
import { AccountAccessDeniedError, AccountReadError, SnapshotFormatError } from '../../shared/account/errors.ts';
import { readAccountRecords, readCoreRecords, readFunctionLocks } from '../../shared/account/readAccountRecords.ts';
import { SnapshotAccountReader } from '../../shared/account/snapshot/SnapshotAccountReader.ts';
import { COMPLETE_SNAPSHOT, copySnapshotFixture } from './snapshot/copySnapshotFixture.ts';

/** The complete snapshot, with some calls replaced (as a live reader might fail them). */
function readerWith(overrides: Partial<AccountReader>): AccountReader {
  const base = new SnapshotAccountReader(COMPLETE_SNAPSHOT);
  return new Proxy(base, {
    get(target, key, receiver) {
      const override = overrides[key as keyof AccountReader];
      if (override !== undefined) return override;
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('readAccountRecords in bulk', () => {
  it('reads every role, policy, function, resource policy, URL config and mapping of a snapshot', async () => {
    const records = await readAccountRecords(new SnapshotAccountReader(COMPLETE_SNAPSHOT));
    expect(records.roles).toHaveLength(3);
    expect(records.managedPolicies.size).toBe(4);
    expect(records.functions.map((f) => f.FunctionName)).toEqual(['orders-api', 'reports', 'nightly-job', 'legacy-cron']);
    expect([...records.resourcePolicies.keys()].sort()).toEqual(['orders-api', 'reports']);
    expect([...records.urlConfigs.keys()]).toEqual(['orders-api']);
    expect(records.eventSourceMappings).toHaveLength(3);
    expect(records.problems).toEqual([]);
  });

  it('turns a malformed per-function policy file into a problem and reads the rest', async () => {
    const dir = await copySnapshotFixture();
    await writeFile(join(dir, 'lambda/policies/reports.json'), '{"Policy": "{\\"Version\\"');
    const records = await readAccountRecords(new SnapshotAccountReader(dir));
    expect(records.problems).toHaveLength(1);
    expect(records.problems[0]).toMatchObject({
      subject: { kind: 'function', name: 'reports' },
      what: 'resource policy (lambda/policies/reports.json)',
    });
    expect(records.problems[0]?.reason).toMatch(/^expected the JSON output of `aws lambda get-policy.*not valid JSON/);
    expect([...records.resourcePolicies.keys()]).toEqual(['orders-api']);
    expect(records.functions).toHaveLength(4);
  });

  it('records a missing event-source-mappings file as an account problem, not as "no mappings" and not a crash', async () => {
    const dir = await copySnapshotFixture();
    await rm(join(dir, 'lambda/event-source-mappings.json'));
    const records = await readAccountRecords(new SnapshotAccountReader(dir));
    expect(records.eventSourceMappings).toEqual([]);
    expect(records.problems).toEqual([
      expect.objectContaining({
        subject: { kind: 'account', name: 'event-source-mappings' },
        what: 'event source mappings (lambda/event-source-mappings.json)',
      }),
    ]);
  });

  it('records AccessDenied on one function with its reason', async () => {
    const reader = readerWith({
      getResourcePolicy: async (name: string) => {
        if (name === 'orders-api') {
          throw new AccountAccessDeniedError('GetPolicy orders-api', 'AccessDeniedException: not authorized to perform lambda:GetPolicy');
        }
        return undefined;
      },
    });
    const records = await readAccountRecords(reader);
    expect(records.problems).toEqual([
      {
        subject: { kind: 'function', name: 'orders-api' },
        what: 'resource policy (GetPolicy orders-api)',
        reason: 'AccessDeniedException: not authorized to perform lambda:GetPolicy',
        cause: 'denied',
      },
    ]);
    expect(records.urlConfigs.get('orders-api')).toHaveLength(1);
  });

  it.each([
    ['readAuthorizationDetails', new AccountAccessDeniedError('GetAccountAuthorizationDetails', 'AccessDenied')],
    ['listFunctions', new SnapshotFormatError('lambda/functions.json', 'the JSON output of `aws lambda list-functions`')],
  ] as const)('throws when %s fails: the account cannot be judged at all', async (method, error) => {
    const reader = readerWith({ [method]: async () => Promise.reject(error) });
    await expect(readAccountRecords(reader)).rejects.toBe(error);
  });

  it('lets a programming error through instead of calling it a read problem', async () => {
    const bug = new TypeError('x is undefined');
    const reader = readerWith({ listFunctionUrlConfigs: async () => Promise.reject(bug) });
    await expect(readAccountRecords(reader)).rejects.toBe(bug);
  });

  it('strips environment values even when a reader forgot to', async () => {
    const reader = readerWith({
      listFunctions: async () => [
        {
          FunctionName: 'f',
          FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f',
          Role: 'arn:aws:iam::123456789012:role/r',
          Environment: { Variables: { PASSWORD: 'SECRET-VALUE-live' } },
        },
      ],
    });
    const records = await readAccountRecords(reader);
    expect(Object.keys(records.functions[0]?.Environment?.Variables ?? {})).toEqual(['PASSWORD']);
    expect(JSON.stringify(records.functions)).not.toContain('SECRET-VALUE');
  });

  const countingReader = (calls: string[]) => {
    const base = new SnapshotAccountReader(COMPLETE_SNAPSHOT);
    return readerWith({
      getResourcePolicy: async (name: string) => (calls.push(`policy ${name}`), base.getResourcePolicy(name)),
      listFunctionUrlConfigs: async (name: string) => (calls.push(`urls ${name}`), base.listFunctionUrlConfigs(name)),
    });
  };

  it('reads every resource policy once, and URL configs only where the policy mentions function URLs', async () => {
    const calls: string[] = [];
    await readAccountRecords(countingReader(calls), { concurrency: 2 });
    expect(calls.sort()).toEqual(['policy legacy-cron', 'policy nightly-job', 'policy orders-api', 'policy reports', 'urls orders-api']);
  });

  it('reads every URL config when asked for a complete copy (snapshots)', async () => {
    const calls: string[] = [];
    await readAccountRecords(countingReader(calls), { concurrency: 2, allUrlConfigs: true });
    expect(calls.sort()).toEqual(
      ['legacy-cron', 'nightly-job', 'orders-api', 'reports'].flatMap((n) => [`policy ${n}`, `urls ${n}`]).sort(),
    );
  });
});

describe('readAccountRecords for named functions', () => {
  it('reads a function named twice (by name and by ARN) once', async () => {
    const records = await readAccountRecords(new SnapshotAccountReader(COMPLETE_SNAPSHOT), {
      functionNames: ['orders-api', 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api', 'reports'],
    });
    expect(records.functions.map((f) => f.FunctionName).sort()).toEqual(['orders-api', 'reports']);
    expect(records.eventSourceMappings).toHaveLength(new Set(records.eventSourceMappings.map((m) => m.UUID)).size);
  });

  it('reads only those functions, their roles and the managed policies the roles use', async () => {
    const records = await readAccountRecords(new SnapshotAccountReader(COMPLETE_SNAPSHOT), {
      functionNames: ['reports', 'orders-api'],
    });
    expect(records.functions.map((f) => f.FunctionName)).toEqual(['reports', 'orders-api']);
    expect(records.roles.map((r) => r.RoleName).sort()).toEqual(['orders-api-role', 'reports-role']);
    expect([...records.managedPolicies.keys()].sort()).toEqual([
      'arn:aws:iam::123456789012:policy/lambda-boundary',
      'arn:aws:iam::123456789012:policy/orders-table-access',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
    ]);
    expect(records.eventSourceMappings.map((m) => m.UUID)).toEqual(['a1b2c3d4-5678-90ab-cdef-22222EXAMPLE']);
    expect(records.urlConfigs.get('orders-api')).toHaveLength(1);
    expect(records.problems).toEqual([]);
  });

  it('skips a function that no longer exists, and records a role it may not read', async () => {
    const reader = readerWith({
      getRole: async (name: string) => Promise.reject(new AccountAccessDeniedError(`GetRole ${name}`, 'User is not authorized to perform iam:GetRole')),
    });
    const records = await readAccountRecords(reader, { functionNames: ['deleted-fn', 'nightly-job'] });
    expect(records.functions.map((f) => f.FunctionName)).toEqual(['nightly-job']);
    expect(records.roles).toEqual([]);
    expect(records.problems).toEqual([
      { subject: { kind: 'role', name: 'shared-worker-role' }, what: 'role (GetRole shared-worker-role)', reason: 'access denied: User is not authorized to perform iam:GetRole', cause: 'denied' },
    ]);
  });

  it('records a managed policy it may not read against the policy', async () => {
    const reader = readerWith({
      getManagedPolicy: async (arn: string) => Promise.reject(new AccountReadError(`GetPolicyVersion ${arn}`, 'Throttling')),
    });
    const records = await readAccountRecords(reader, { functionNames: ['nightly-job'] });
    expect(records.problems.map((p) => p.subject)).toEqual([
      { kind: 'policy', name: 'arn:aws:iam::123456789012:policy/orders-table-access' },
      { kind: 'policy', name: 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole' },
    ]);
  });
});

describe('readCoreRecords and readFunctionLocks', () => {
  it('together read what readAccountRecords reads', async () => {
    const reader = new SnapshotAccountReader(COMPLETE_SNAPSHOT);
    const core = await readCoreRecords(reader);
    expect(core).not.toHaveProperty('resourcePolicies');
    const locks = await readFunctionLocks(reader, core.functions.slice(0, 2));
    expect([...locks.resourcePolicies.keys()]).toEqual(['orders-api', 'reports']);
    const all = await readFunctionLocks(reader, core.functions);
    expect({ ...core, ...all, problems: [...core.problems, ...all.problems] }).toEqual(await readAccountRecords(reader));
  });

  it('reads given functions and roles without reading them again', async () => {
    const base = new SnapshotAccountReader(COMPLETE_SNAPSHOT);
    const functions = (await base.listFunctions()).filter((fn) => fn.FunctionName === 'orders-api');
    const roles = [(await base.getRole('orders-api-role'))!];
    const calls: string[] = [];
    const counted = (name: Exclude<keyof AccountReader, 'organizationId' | 'readTrailStatus'>) => async (...args: unknown[]) => {
      calls.push(name);
      return (base[name] as (...a: unknown[]) => Promise<unknown>).apply(base, args);
    };
    const reader = readerWith({
      getRole: counted('getRole') as AccountReader['getRole'],
      getFunctionConfiguration: counted('getFunctionConfiguration') as AccountReader['getFunctionConfiguration'],
      listFunctions: counted('listFunctions') as AccountReader['listFunctions'],
      readAuthorizationDetails: counted('readAuthorizationDetails') as AccountReader['readAuthorizationDetails'],
    });
    const records = await readAccountRecords(reader, { functions, roles });
    expect(calls).toEqual([]);
    expect(records.functions.map((f) => f.FunctionName)).toEqual(['orders-api']);
    expect(records.roles).toEqual(roles);
    expect(records.managedPolicies.size).toBe(2);
    expect(records.resourcePolicies.has('orders-api')).toBe(true);
  });
});

describe('readAccountRecords progress', () => {
  it('says when the function list is known and after each function, a failed one included', async () => {
    const seen: { functionsRead: number; functionsTotal: number | undefined }[] = [];
    const reader = readerWith({
      getResourcePolicy: async (name: string) => {
        if (name === 'reports') throw new AccountAccessDeniedError(`GetPolicy ${name}`, 'access denied');
        return new SnapshotAccountReader(COMPLETE_SNAPSHOT).getResourcePolicy(name);
      },
    });
    await readAccountRecords(reader, { onProgress: (progress) => seen.push(progress) });
    expect(seen).toEqual([
      { functionsRead: 0, functionsTotal: undefined },
      { functionsRead: 0, functionsTotal: 4 },
      { functionsRead: 1, functionsTotal: 4 },
      { functionsRead: 2, functionsTotal: 4 },
      { functionsRead: 3, functionsTotal: 4 },
      { functionsRead: 4, functionsTotal: 4 },
    ]);
  });

  it('counts the named functions of a targeted read', async () => {
    const seen: number[] = [];
    await readAccountRecords(new SnapshotAccountReader(COMPLETE_SNAPSHOT), {
      functionNames: ['orders-api', 'reports'],
      onProgress: (progress) => seen.push(progress.functionsTotal ?? -1),
    });
    expect(seen).toEqual([-1, 2, 2, 2]);
  });
});
