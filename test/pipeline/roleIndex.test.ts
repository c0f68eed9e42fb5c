/**
 * The role -> functions index end to end: handleChangeEvent and runAudit over the live reader, AWS
 * and the stack's DynamoDB table mocked in real shapes. A warm index replaces the region listing; a
 * cold, overflowed or unreadable one falls back to it; stale entries are read, dropped and never
 * evaluated; function events index a function before its role is read; a complete audit vouches.
 */
import { BatchGetItemCommand, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import type { EventBridgeCloudTrailEvent } from '../../shared/events/types.ts';
import { DynamoRoleFunctionIndex, ROLE_INDEX_KEY_PREFIX, ROLE_INDEX_MARKER_KEY, roleIndexKey } from '../../shared/pipeline/DynamoRoleFunctionIndex.ts';
import { handleChangeEvent } from '../../shared/pipeline/handleChangeEvent.ts';
import type { ChangeEventDeps } from '../../shared/pipeline/handleChangeEvent.ts';
import { readHandlerConfig } from '../../shared/pipeline/HandlerConfig.ts';
import type { RoleFunctionIndex } from '../../shared/pipeline/RoleFunctionIndex.ts';
import { runAudit } from '../../shared/pipeline/runAudit.ts';
import { account, ADMIN_ARN, ADMIN_POLICY, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';
import { sentFindingEvents } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const REGION = 'us-east-1';
const IDENTITY = { accountId: '111122223333', region: REGION, partition: 'aws' };
const ORDERS_ROLE = 'arn:aws:iam::111122223333:role/orders-api-role';
const fnArn = (name: string, region = REGION) => `arn:aws:lambda:${region}:111122223333:function:${name}`;
const event = (file: string): EventBridgeCloudTrailEvent => JSON.parse(readFileSync(new URL(`../../events/${file}`, import.meta.url), 'utf8'));
const config = readHandlerConfig({ FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings', IDEMPOTENCY_TABLE_NAME: 'keycard-table' });
const index = () => new DynamoRoleFunctionIndex({ client: new DynamoDBClient({ region: REGION }), tableName: 'keycard-table' });
const reader = () => createLiveAccountReader({ region: REGION, lambdaRate: Number.POSITIVE_INFINITY });

let logs: { message: string; fields?: Record<string, unknown> }[];
function deps(extra: Partial<ChangeEventDeps> = {}): ChangeEventDeps {
  return {
    reader: reader(),
    iam: new IAMClient({ region: REGION }),
    sns: new SNSClient({ region: REGION }),
    eventBridge: new EventBridgeClient({ region: REGION }),
    config,
    log: (message, fields) => logs.push({ message, ...(fields === undefined ? {} : { fields }) }),
    retryDelaysMs: [],
    roleIndex: index(),
    ...extra,
  };
}

/** 30 filler functions on other roles, so a listing is visibly more than the role's own reads. */
const fillers = Array.from({ length: 30 }, (_, i) => ({ name: `filler-${String(i).padStart(2, '0')}`, role: 'filler-role' }));

beforeEach(() => {
  logs = [];
  aws.serve(
    account({
      roles: [
        { name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] },
        { name: 'billing-role', attached: [BASIC_EXECUTION_ARN] },
        { name: 'filler-role', attached: [BASIC_EXECUTION_ARN] },
      ],
      policies: [BASIC_EXECUTION_POLICY(), ADMIN_POLICY()],
      functions: [{ name: 'orders-api', role: 'orders-api-role' }, { name: 'billing-worker', role: 'billing-role' }, ...fillers],
    }),
    { pageSize: 10 },
  );
});

async function auditOnce(): Promise<void> {
  const response = await runAudit({}, {
    reader: reader(),
    sns: new SNSClient({ region: REGION }),
    eventBridge: new EventBridgeClient({ region: REGION }),
    config,
    identity: IDENTITY,
    remainingTimeMs: () => 900_000,
    continueAudit: async () => undefined,
    log: () => undefined,
    roleIndex: index(),
  });
  expect(response.status).toBe('complete');
}

const functionsFound = () => logs.find((l) => l.message === 'functions found')?.fields?.['found'];

describe('role -> functions index', () => {
  it('cold (no audit yet): lists the region as before, and writes what it found for the role', async () => {
    const result = await handleChangeEvent(event('AttachRolePolicy.json'), deps());
    expect(result).toMatchObject({ outcome: 'evaluated' });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(4);
    expect(functionsFound()).toMatch(/listed the region's functions: no complete audit/);
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']?.SS).toEqual([fnArn('orders-api')]);
  });

  it('warm (after a complete audit): one DynamoDB read and one GetFunctionConfiguration instead of the listing', async () => {
    await auditOnce();
    expect(aws.table.get(ROLE_INDEX_MARKER_KEY)?.['completedAt']?.S).toMatch(/^\d{4}-/);
    // The regions it listed: role changes trust the index for those only.
    expect(aws.table.get(ROLE_INDEX_MARKER_KEY)?.['regions']?.SS).toEqual([REGION]);
    expect(aws.table.get(roleIndexKey('arn:aws:iam::111122223333:role/filler-role'))?.['functions']?.SS).toHaveLength(30);
    aws.resetHistory();
    const result = await handleChangeEvent(event('AttachRolePolicy.json'), deps());
    expect(result).toMatchObject({ outcome: 'evaluated' });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(aws.stubs.dynamoDB.commandCalls(BatchGetItemCommand)).toHaveLength(1);
    expect(aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName)).toEqual(['orders-api']);
    expect(functionsFound()).toMatch(/the role index \(complete audit .*\) names 1 function/);
    expect(sentFindingEvents(aws).every((f) => f.functionArns.every((arn: string) => arn === fnArn('orders-api')))).toBe(true);
  });

  it('reads every indexed entry and drops the stale ones: a function gone or on another role is neither evaluated nor kept', async () => {
    await auditOnce();
    // Behind the index's back (events lost): orders-api moves to billing-role; a deleted function and
    // a function of another region are indexed under orders-api-role.
    aws.account.functions.find((fn) => fn.name === 'orders-api')!.role = 'billing-role';
    await index().add([
      { roleArn: ORDERS_ROLE, functionArn: fnArn('deleted-fn') },
      { roleArn: ORDERS_ROLE, functionArn: fnArn('orders-api', 'eu-west-1') },
    ]);
    aws.resetHistory();
    const result = await handleChangeEvent(event('AttachRolePolicy.json'), deps());
    expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/serves no function/) });
    // Each read, then read once more after its entry was removed (in case it came back meanwhile).
    expect(aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName).sort()).toEqual(['deleted-fn', 'deleted-fn', 'orders-api', 'orders-api']);
    // Both stale entries removed; the other region's entry is not this reader's to judge.
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']?.SS).toEqual([fnArn('orders-api', 'eu-west-1')]);
  });

  it('a function event indexes the function under the role it runs with now, before reading that role', async () => {
    await auditOnce();
    aws.account.roles.push({ name: 'orders-api-role-v2', attached: [ADMIN_ARN, BASIC_EXECUTION_ARN] });
    aws.account.functions.find((fn) => fn.name === 'orders-api')!.role = 'orders-api-role-v2';
    aws.resetHistory();
    await handleChangeEvent(event('UpdateFunctionConfiguration20150331v2.json'), deps());
    // The function's way-back item first (for its deletion), then the role's entry.
    const add = aws.stubs.dynamoDB.commandCalls(UpdateItemCommand).find((c) => c.args[0].input.Key?.['id']?.S?.startsWith(ROLE_INDEX_KEY_PREFIX))!;
    expect(add.args[0].input).toMatchObject({ Key: { id: { S: roleIndexKey('arn:aws:iam::111122223333:role/orders-api-role-v2') } }, ExpressionAttributeValues: { ':arns': { SS: [fnArn('orders-api')] } } });
    expect(add.calledBefore(aws.stubs.iam.commandCalls(GetRoleCommand)[0]!)).toBe(true);
    // So the next change to the new role finds it without a listing.
    aws.resetHistory();
    logs = [];
    const roleEvent = event('AttachRolePolicy.json');
    roleEvent.detail.requestParameters = { roleName: 'orders-api-role-v2', policyArn: ADMIN_ARN };
    expect(await handleChangeEvent(roleEvent, deps())).toMatchObject({ outcome: 'evaluated' });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
  });

  it('a failed index write fails the function event (retried), rather than leave the function out of the index', async () => {
    aws.stubs.dynamoDB.on(UpdateItemCommand).rejects(Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(handleChangeEvent(event('UpdateFunctionConfiguration20150331v2.json'), deps())).rejects.toThrow(/Throughput/);
  });

  it('falls back to the listing when the index cannot be read or a role overflowed it', async () => {
    await auditOnce();
    aws.resetHistory();
    aws.stubs.dynamoDB.on(BatchGetItemCommand).rejects(Object.assign(new Error('Requested resource not found'), { name: 'ResourceNotFoundException' }));
    expect(await handleChangeEvent(event('AttachRolePolicy.json'), deps())).toMatchObject({ outcome: 'evaluated' });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand).length).toBeGreaterThan(0);
    expect(functionsFound()).toMatch(/the role index could not be read \(Requested resource not found\)/);

    aws.serve(aws.account, { pageSize: 10 });
    await auditOnce();
    const small = new DynamoRoleFunctionIndex({ client: new DynamoDBClient({ region: REGION }), tableName: 'keycard-table', maxFunctionsPerRole: 1 });
    await small.add([{ roleArn: ORDERS_ROLE, functionArn: fnArn('another') }]);
    aws.resetHistory();
    logs = [];
    expect(await handleChangeEvent(event('AttachRolePolicy.json'), deps())).toMatchObject({ outcome: 'evaluated' });
    expect(functionsFound()).toMatch(/orders-api-role runs more than \d+ functions/);
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand).length).toBeGreaterThan(0);
  });

  it('indexes an alias under the role of the version it runs, and a change to that role judges the alias (not the function\'s $LATEST on another role)', async () => {
    // orders-api's $LATEST moved to billing-role; its alias `live` still runs version 4 with orders-api-role.
    const orders = aws.account.functions.find((fn) => fn.name === 'orders-api')!;
    orders.role = 'billing-role';
    orders.versions = [{ version: '4', role: 'orders-api-role' }];
    orders.aliases = [{ name: 'live', version: '4' }];
    await auditOnce();
    await handleChangeEvent(event('CreateAlias20150331.json'), deps());
    const aliasArn = `${fnArn('orders-api')}:live`;
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']?.SS).toEqual([aliasArn]);

    aws.account.roles.find((role) => role.name === 'orders-api-role')!.attached!.push(ADMIN_ARN);
    aws.resetHistory();
    logs = [];
    const attach = event('AttachRolePolicy.json'); // AdministratorAccess on orders-api-role
    expect(await handleChangeEvent(attach, deps())).toMatchObject({ outcome: 'evaluated' });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName)).toContain('orders-api:live');
    const findings = sentFindingEvents(aws);
    expect(findings.find((f) => f.checkId === 'admin-access')).toMatchObject({ resourceArn: ORDERS_ROLE, functionArns: [aliasArn] });
    // billing-role (the $LATEST's) is not this change's to judge.
    expect(findings.filter((f) => f.resourceArn.includes('billing-role') || f.functionArns.includes(fnArn('orders-api')))).toEqual([]);

    // The alias moves to a version on billing-role: the entry is stale, read, and removed.
    orders.versions.push({ version: '5', role: 'billing-role' });
    orders.aliases = [{ name: 'live', version: '5' }];
    aws.resetHistory();
    expect(await handleChangeEvent(attach, deps())).toMatchObject({ outcome: 'skipped' });
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']).toBeUndefined();
  });

  it('forgets a deleted function on its DeleteFunction event without reading it, so the next role change reads nothing', async () => {
    await auditOnce();
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']?.SS).toEqual([fnArn('orders-api')]);
    aws.account.functions = aws.account.functions.filter((fn) => fn.name !== 'orders-api');
    aws.resetHistory();
    const deletion = event('DeleteFunction20150331.json');
    // Deleted after the audit indexed it (the sample's own time is older than this run).
    deletion.time = deletion.detail.eventTime = new Date(Date.now() + 1_000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(await handleChangeEvent(deletion, deps())).toEqual({
      outcome: 'skipped',
      eventId: deletion.detail.eventID,
      eventName: 'DeleteFunction20150331',
      reason: `${fnArn('orders-api')} was deleted: a deleted function has no doors to judge (1 role index entry removed)`,
    });
    expect(aws.stubs.lambda.calls()).toHaveLength(0);
    expect(aws.stubs.iam.calls()).toHaveLength(0);
    expect(sentFindingEvents(aws)).toEqual([]);
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']).toBeUndefined();
    expect(aws.table.get(roleIndexKey('arn:aws:iam::111122223333:role/filler-role'))?.['functions']?.SS).toHaveLength(30);

    aws.resetHistory();
    logs = [];
    expect(await handleChangeEvent(event('AttachRolePolicy.json'), deps())).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/serves no function/) });
    expect(aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand)).toHaveLength(0);
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(functionsFound()).toMatch(/names 0 function\(s\)/);
  });

  it('forgets a deleted version (DeleteFunction --qualifier) or alias (DeleteAlias, then the function is re-evaluated), not the function', async () => {
    const orders = aws.account.functions.find((fn) => fn.name === 'orders-api')!;
    orders.versions = [{ version: '4', role: 'billing-role' }];
    orders.aliases = [{ name: 'live', version: '4' }];
    await auditOnce();
    await handleChangeEvent(event('CreateAlias20150331.json'), deps());
    const publish = event('PublishVersion20150331.json');
    publish.detail.responseElements = { ...publish.detail.responseElements, version: '4' };
    await handleChangeEvent(publish, deps());
    const billing = 'arn:aws:iam::111122223333:role/billing-role';
    expect([...(aws.table.get(roleIndexKey(billing))?.['functions']?.SS ?? [])].sort()).toEqual([fnArn('billing-worker'), `${fnArn('orders-api')}:4`, `${fnArn('orders-api')}:live`]);
    const later = new Date(Date.now() + 1_000).toISOString().replace(/\.\d+Z$/, 'Z');

    orders.aliases = [];
    const deleteAlias = event('DeleteAlias20150331.json');
    deleteAlias.time = deleteAlias.detail.eventTime = later;
    deleteAlias.detail.requestParameters = { functionName: 'orders-api', name: 'live' };
    expect(await handleChangeEvent(deleteAlias, deps())).toMatchObject({ outcome: 'evaluated' });
    expect([...(aws.table.get(roleIndexKey(billing))?.['functions']?.SS ?? [])].sort()).toEqual([fnArn('billing-worker'), `${fnArn('orders-api')}:4`]);

    orders.versions = [];
    aws.resetHistory();
    const deleteVersion = event('DeleteFunction20150331.json');
    deleteVersion.time = deleteVersion.detail.eventTime = later;
    deleteVersion.detail.requestParameters = { functionName: 'orders-api', qualifier: '4' };
    expect(await handleChangeEvent(deleteVersion, deps())).toMatchObject({
      outcome: 'skipped',
      reason: `${fnArn('orders-api')}:4 was deleted: a deleted function has no doors to judge (1 role index entry removed)`,
    });
    expect(aws.stubs.lambda.calls()).toHaveLength(0);
    expect(aws.table.get(roleIndexKey(billing))?.['functions']?.SS).toEqual([fnArn('billing-worker')]);
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']?.SS).toEqual([fnArn('orders-api')]);
  });

  it('is left out when the table is not in use (a local run with POWERTOOLS_IDEMPOTENCY_DISABLED): role changes list, function events write nothing', async () => {
    const { createHandlerRuntime } = await import('../../shared/pipeline/createHandlerRuntime.ts');
    const { makeChangeHandler } = await import('../../shared/pipeline/makeChangeHandler.ts');
    const runtime = createHandlerRuntime('keycard-local', {
      FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings',
      IDEMPOTENCY_TABLE_NAME: 'local-invoke-without-idempotency',
      POWERTOOLS_IDEMPOTENCY_DISABLED: 'true',
      AWS_REGION: REGION,
    });
    const handler = makeChangeHandler(runtime);
    const context = { functionName: 'keycard-local', invokedFunctionArn: fnArn('keycard-local'), awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as never;
    await handler(event('UpdateFunctionConfiguration20150331v2.json'), context);
    await handler(event('AttachRolePolicy.json'), context);
    // (Powertools reads its own switch from the process environment, so its records may still appear here.)
    expect(aws.stubs.dynamoDB.commandCalls(BatchGetItemCommand)).toHaveLength(0);
    expect([...aws.table.keys()].filter((id) => id.startsWith('keycard:role-functions'))).toEqual([]);
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand).length).toBeGreaterThan(0);
  });

  it('puts back an entry its own event re-added while a role change was removing it (the function moved back meanwhile)', async () => {
    await auditOnce();
    const orders = aws.account.functions.find((fn) => fn.name === 'orders-api')!;
    orders.role = 'billing-role';
    // Between the role change's read (billing-role: stale) and its removal, orders-api moves back to
    // orders-api-role and its UpdateFunctionConfiguration event adds the entry again.
    const real = index();
    const racing: RoleFunctionIndex = {
      lookup: (roles, options) => real.lookup(roles, options),
      add: (entries) => real.add(entries),
      markComplete: (at, auditId, regions) => real.markComplete(at, auditId, regions),
      forgetDeleted: (arn, options) => real.forgetDeleted(arn, options),
      remove: async (entries) => {
        orders.role = 'orders-api-role';
        await real.add([{ roleArn: ORDERS_ROLE, functionArn: fnArn('orders-api') }]);
        await real.remove(entries);
      },
    };
    expect(await handleChangeEvent(event('AttachRolePolicy.json'), deps({ roleIndex: racing }))).toMatchObject({ outcome: 'skipped' });
    expect(aws.table.get(roleIndexKey(ORDERS_ROLE))?.['functions']?.SS).toEqual([fnArn('orders-api')]);
    // So the next change to the role finds it.
    expect(await handleChangeEvent(event('AttachRolePolicy.json'), deps())).toMatchObject({ outcome: 'evaluated' });
  });

  it('is used only for the stack\'s own account: a member account\'s change (hub mode) lists its region, whatever the index says', async () => {
    await auditOnce(); // vouches for the hub account's functions only
    const { createHandlerRuntime } = await import('../../shared/pipeline/createHandlerRuntime.ts');
    const { makeChangeHandler } = await import('../../shared/pipeline/makeChangeHandler.ts');
    const runtime = createHandlerRuntime('keycard-hub', {
      FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings',
      IDEMPOTENCY_TABLE_NAME: 'keycard-table',
      ORGANIZATION_MODE: 'true',
      AWS_REGION: REGION,
    });
    const handler = makeChangeHandler({ ...runtime, memberReader: () => reader(), memberRemediationIam: () => new IAMClient({ region: REGION }) });
    const context = { functionName: 'keycard-hub', invokedFunctionArn: 'arn:aws:lambda:us-east-1:999988887777:function:keycard-hub', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as never;
    aws.resetHistory();
    await handler(event('AttachRolePolicy.json'), context); // account 111122223333: a member of hub 999988887777
    expect(aws.stubs.dynamoDB.commandCalls(BatchGetItemCommand)).toHaveLength(0);
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand).length).toBeGreaterThan(0);
  });
});
