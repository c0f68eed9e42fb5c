/**
 * The real on-function-change handler: every sample Lambda event, whatever form its function name
 * takes (plain, ARN, partial ARN, `name:alias`), re-reads that one function fresh and evaluates it.
 */
import { GetFunctionConfigurationCommand, GetPolicyCommand, ListFunctionsCommand, ListFunctionUrlConfigsCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { captureLogs, importHandler, lambdaContext, sampleEvent } from '../support/handlerHarness.ts';
import { createAwsMock, lambdaError } from '../support/mockAwsAccount.ts';
import { sentAlerts } from '../support/published.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const context = lambdaContext('on-function-change');

const PUBLIC_INVOKE = {
  Version: '2012-10-17',
  Id: 'default',
  Statement: [{ Sid: 'public', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:orders-api' }],
};

beforeEach(() => {
  vi.restoreAllMocks();
  captureLogs();
  aws.serve(
    account({
      roles: [{ name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] }],
      policies: [BASIC_EXECUTION_POLICY()],
      functions: [{ name: 'orders-api', role: 'orders-api-role', resourcePolicy: PUBLIC_INVOKE }, { name: 'other', role: 'orders-api-role' }],
      eventSourceMappings: [{ uuid: '7d3c0f1e-52a8-4b9e-9f61-0c2d8e4a6b13', functionName: 'orders-api', eventSourceArn: 'arn:aws:sqs:us-east-1:111122223333:orders-queue' }],
    }),
  );
});

describe('on-function-change handler', () => {
  it.each([
    ['CreateFunction20150331.json', 'plain name'],
    ['UpdateFunctionConfiguration20150331v2.json', 'function ARN'],
    ['UpdateFunctionUrlConfig.json', 'partial ARN'],
    ['RemovePermission20150331v2.json', 'name:alias'],
    ['AddPermission20150331v2.json', 'plain name'],
    ['CreateFunctionUrlConfig.json', 'plain name'],
    ['CreateEventSourceMapping20150331.json', 'plain name'],
    ['UpdateEventSourceMapping20150331.json', 'ARN in the response'],
  ])('%s (%s) reads orders-api by its plain name and alerts on its public lock', async (file) => {
    const handler = await importHandler('on-function-change');
    const result = await handler(sampleEvent(file), context);

    expect(result.outcome).toBe('evaluated');
    const read = aws.stubs.lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input.FunctionName);
    expect(read).toEqual(['orders-api']);
    expect(aws.stubs.lambda.commandCalls(GetPolicyCommand).map((c) => c.args[0].input.FunctionName)).toEqual(['orders-api']);
    // One function's event never lists the region.
    expect(aws.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
    expect(result.summary.functionsEvaluated).toBe(1);
    const [alert] = sentAlerts(aws);
    expect(alert?.checkIds).toContain('public-invoke');
  });

  describe("trusting the account's organization", () => {
    const ORG_PINNED = {
      Version: '2012-10-17',
      Id: 'default',
      Statement: [{
        Sid: 'org-members',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Resource: 'arn:aws:lambda:us-east-1:111122223333:function:orders-api',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      }],
    };
    const serveOrgPinned = (organizationId?: string) =>
      aws.serve(account({
        ...(organizationId ? { organizationId } : {}),
        roles: [{ name: 'orders-api-role', attached: [BASIC_EXECUTION_ARN] }],
        policies: [BASIC_EXECUTION_POLICY()],
        functions: [{ name: 'orders-api', role: 'orders-api-role', resourcePolicy: ORG_PINNED }],
      }));

    it("does not report \"*\" pinned to the account's own organization (found by DescribeOrganization)", async () => {
      serveOrgPinned('o-a1b2c3d4e5');
      const result = await (await importHandler('on-function-change'))(sampleEvent('AddPermission20150331v2.json'), context);
      expect(result.summary.byCheck['cross-account-invoke']).toBe(0);
    });

    it('reports it when the account is in another organization or none, unless TrustedOrgIds lists it', async () => {
      serveOrgPinned('o-zzzzzzzzzz');
      const other = await (await importHandler('on-function-change'))(sampleEvent('AddPermission20150331v2.json'), context);
      expect(other.summary.byCheck['cross-account-invoke']).toBe(1);
      serveOrgPinned();
      const listed = await (await importHandler('on-function-change', { TRUSTED_ORG_IDS: 'o-a1b2c3d4e5' }))(sampleEvent('AddPermission20150331v2.json'), context);
      expect(listed.summary.byCheck['cross-account-invoke']).toBe(0);
    });
  });

  it('ends quietly when the function was deleted before it could be read', async () => {
    aws.serve(account({ functions: [] }));
    const handler = await importHandler('on-function-change');
    const result = await handler(sampleEvent('CreateFunction20150331.json'), context);
    expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/orders-api does not exist/) });
    expect(sentAlerts(aws)).toHaveLength(0);
  });

  it('reports a resource policy it may not read as evaluation-incomplete and still evaluates the role', async () => {
    aws.fail('lambda:GetPolicy', lambdaError('AccessDeniedException', 'User is not authorized to perform: lambda:GetPolicy on resource: orders-api'));
    const handler = await importHandler('on-function-change');
    const result = await handler(sampleEvent('AddPermission20150331v2.json'), context);
    expect(result.summary.byCheck['evaluation-incomplete']).toBe(1);
    expect(aws.stubs.lambda.commandCalls(ListFunctionUrlConfigsCommand).length).toBeLessThanOrEqual(1);
  });

  it('fails (so the event is retried, then dead-lettered) when the function cannot be read for a transient reason', async () => {
    aws.fail('lambda:GetFunctionConfiguration', lambdaError('ServiceException', 'Lambda was unable to process the request', 500));
    const handler = await importHandler('on-function-change');
    await expect(handler(sampleEvent('CreateFunction20150331.json'), context)).rejects.toThrow(/GetFunctionConfiguration orders-api: read failed \(ServiceException/);
    expect(sentAlerts(aws)).toHaveLength(0);
    expect(aws.idempotencyTable.size).toBe(0);
  });

  it('alerts evaluation-incomplete when reading the function is denied, instead of calling it deleted', async () => {
    aws.fail('lambda:GetFunctionConfiguration', lambdaError('AccessDeniedException', 'User is not authorized to perform: lambda:GetFunctionConfiguration'));
    const handler = await importHandler('on-function-change');
    const result = await handler(sampleEvent('CreateFunction20150331.json'), context);
    expect(result).toMatchObject({ outcome: 'evaluated', summary: { byCheck: { 'evaluation-incomplete': 1 } } });
    expect(sentAlerts(aws)[0]?.checkIds).toEqual(['evaluation-incomplete']);
  });
});
