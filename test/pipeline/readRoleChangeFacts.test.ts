/**
 * readRoleChangeFacts over the live reader, AWS mocked in real shapes: IAM's eventual consistency
 * (retry before believing "not found"), the Lambda-role pre-filter, and which functions are read.
 */
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { readRoleChangeFacts } from '../../shared/pipeline/readRoleChangeFacts.ts';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY, EC2_TRUST } from '../support/MockAccount.ts';
import { createAwsMock, noSuchRole } from '../support/mockAwsAccount.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const identity = { accountId: '111122223333', region: 'us-east-1', partition: 'aws' };
const reader = () => createLiveAccountReader({ region: 'us-east-1', lambdaRate: Number.POSITIVE_INFINITY });

beforeEach(() => {
  aws.serve(
    account({
      roles: [
        { name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] },
        { name: 'Mixed-Case-Role', attached: [BASIC_EXECUTION_ARN] },
        { name: 'ec2-role', trust: EC2_TRUST },
        { name: 'idle-lambda-role' },
      ],
      policies: [BASIC_EXECUTION_POLICY()],
      functions: [
        { name: 'orders-api', role: 'orders-api-role' },
        { name: 'orders-worker', role: 'orders-api-role' },
        // Lambda stores the role ARN as given; IAM names are case-insensitive.
        { name: 'mixed', role: 'arn:aws:iam::111122223333:role/mixed-case-role' },
        { name: 'unrelated', role: 'ec2-role' },
      ],
    }),
    { pageSize: 2 },
  );
});

describe('readRoleChangeFacts', () => {
  it('retries a role not visible yet with the configured waits, then evaluates it', async () => {
    aws.fail('iam:GetRole', noSuchRole('orders-api-role'), () => true, 2);
    const waits: number[] = [];
    const read = await readRoleChangeFacts(reader(), ['orders-api-role'], {
      identity,
      eventName: 'CreateRole',
      retryDelaysMs: [10, 20, 40],
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([10, 20]);
    expect(aws.stubs.iam.commandCalls(GetRoleCommand)).toHaveLength(3);
    expect(read.outcome).toBe('evaluate');
    if (read.outcome !== 'evaluate') return;
    // Every function the role serves (listed over several pages), and nothing else.
    expect(read.facts.functions.map((fn) => fn.name).sort()).toEqual(['orders-api', 'orders-worker']);
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand).length).toBe(2);
  });

  it('gives up after the last wait and says the role does not exist', async () => {
    const read = await readRoleChangeFacts(reader(), ['no-such-role'], { identity, eventName: 'CreateRole', retryDelaysMs: [0, 0], sleep: async () => undefined });
    expect(read).toEqual({ outcome: 'skip', reason: expect.stringMatching(/role no-such-role does not exist \(deleted, or still not visible after retries\)/) });
    expect(aws.stubs.iam.commandCalls(GetRoleCommand)).toHaveLength(3);
  });

  it('skips a role Lambda cannot assume without listing functions', async () => {
    const read = await readRoleChangeFacts(reader(), ['ec2-role'], { identity, eventName: 'AttachRolePolicy', retryDelaysMs: [] });
    expect(read).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/not a Lambda role/) });
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
  });

  it('still evaluates after UpdateAssumeRolePolicy, which can lock Lambda out of a role that serves functions', async () => {
    const read = await readRoleChangeFacts(reader(), ['ec2-role'], { identity, eventName: 'UpdateAssumeRolePolicy', retryDelaysMs: [] });
    expect(read.outcome).toBe('evaluate');
    if (read.outcome === 'evaluate') expect(read.facts.functions.map((fn) => fn.name)).toEqual(['unrelated']);
  });

  it('matches functions to the role case-insensitively', async () => {
    const read = await readRoleChangeFacts(reader(), ['Mixed-Case-Role'], { identity, eventName: 'AttachRolePolicy', retryDelaysMs: [] });
    expect(read.outcome === 'evaluate' ? read.facts.functions.map((fn) => fn.name) : read).toEqual(['mixed']);
  });

  it('skips a Lambda role that serves no function yet (CreateFunction will evaluate it)', async () => {
    const read = await readRoleChangeFacts(reader(), ['idle-lambda-role'], { identity, eventName: 'CreateRole', retryDelaysMs: [] });
    expect(read).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/idle-lambda-role serves no function yet/) });
  });
});
