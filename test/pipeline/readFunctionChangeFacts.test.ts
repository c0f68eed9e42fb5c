/** readFunctionChangeFacts: the function as it is now (by name or ARN), its role and its lock. */
import { ListFunctionsCommand, ListFunctionUrlConfigsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { readFunctionChangeFacts } from '../../shared/pipeline/readFunctionChangeFacts.ts';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { createAwsMock, iamAccessDenied, lambdaError } from '../support/mockAwsAccount.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const identity = { accountId: '111122223333', region: 'us-east-1', partition: 'aws' };
const reader = () => createLiveAccountReader({ region: 'us-east-1', lambdaRate: Number.POSITIVE_INFINITY });
const URL_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:orders-api', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } }],
};

beforeEach(() => {
  aws.serve(
    account({
      roles: [{ name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN], tags: { team: 'orders' } }],
      policies: [BASIC_EXECUTION_POLICY()],
      functions: [{ name: 'orders-api', role: 'orders-api-role', resourcePolicy: URL_POLICY, urls: [{ authType: 'NONE' }] }],
      eventSourceMappings: [{ uuid: 'e1', functionName: 'orders-api', eventSourceArn: 'arn:aws:sqs:us-east-1:111122223333:orders' }],
    }),
  );
});

describe('readFunctionChangeFacts', () => {
  it.each(['orders-api', 'arn:aws:lambda:us-east-1:111122223333:function:orders-api'])('reads %s fresh with its role, policies, lock and mappings', async (name) => {
    const read = await readFunctionChangeFacts(reader(), [name], identity);
    expect(read.outcome).toBe('evaluate');
    if (read.outcome !== 'evaluate') return;
    const [fn] = read.facts.functions;
    expect(fn).toMatchObject({ name: 'orders-api', roleArn: 'arn:aws:iam::111122223333:role/orders-api-role', functionUrls: [{ authType: 'NONE' }], eventSourceMappings: [{ uuid: 'e1' }] });
    expect(fn?.resourcePolicy?.Statement).toHaveLength(1);
    const role = read.facts.roles.get('arn:aws:iam::111122223333:role/orders-api-role');
    expect(role?.policies.map((p) => p.name)).toEqual(['AWSLambdaBasicExecutionRole']);
    expect(role?.tags).toEqual({ team: 'orders' });
    // One function: never the region's list.
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    // Its policy mentions a function URL, so the URL configs are read.
    expect(aws.stubs.lambda.commandCalls(ListFunctionUrlConfigsCommand)).toHaveLength(1);
  });

  it('skips a function deleted before it could be read', async () => {
    expect(await readFunctionChangeFacts(reader(), ['gone'], identity)).toEqual({ outcome: 'skip', reason: 'function gone does not exist any more' });
  });

  it('marks the role incomplete, not the whole read failed, when GetRole is denied', async () => {
    aws.fail('iam:GetRole', iamAccessDenied('iam:GetRole', 'arn:aws:iam::111122223333:role/orders-api-role'));
    const read = await readFunctionChangeFacts(reader(), ['orders-api'], identity);
    expect(read.outcome).toBe('evaluate');
    if (read.outcome !== 'evaluate') return;
    expect(read.facts.functions[0]?.incomplete.map((i) => i.what).join(' ')).toMatch(/orders-api-role/);
  });

  it.each([
    ['throttling that outlasted the retries', () => lambdaError('TooManyRequestsException', 'Rate exceeded', 429), /throttled/],
    ['a transient failure', () => lambdaError('ServiceException', 'Internal error', 500), /read failed/],
    ['a denied read', () => lambdaError('AccessDeniedException', 'not authorized to perform: lambda:GetFunctionConfiguration'), /access denied/],
  ])('throws on %s of the function itself rather than calling it deleted', async (_what, error, message) => {
    aws.fail('lambda:GetFunctionConfiguration', error());
    await expect(readFunctionChangeFacts(reader(), ['orders-api'], identity)).rejects.toThrow(message);
  });
});
