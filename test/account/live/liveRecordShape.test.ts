/** The live reader checks what the APIs return with the same record checks as the snapshot reader. */
import { IAMClient } from '@aws-sdk/client-iam';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListEventSourceMappingsCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';
import { defectsOf } from '../../../shared/account/shape/RecordDefect.ts';

const region = 'us-east-1';
const iam = new IAMClient({ region });
const lambda = new LambdaClient({ region });
const sts = new STSClient({ region });
const reader = () => createLiveAccountReader({ clients: { iam, lambda, sts }, lambdaRate: Number.POSITIVE_INFINITY });

describe('live records of the wrong type', () => {
  it('keep the function, role and mapping, leaving out and reporting the bad field', async () => {
    const lambdaMock = mockClient(lambda);
    const iamMock = mockClient(iam);
    lambdaMock.on(ListFunctionsCommand).resolves({
      Functions: [{ FunctionName: 'orders-api', FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:orders-api', Role: 'arn:aws:iam::123456789012:role/r', Layers: 'x' as never }],
    });
    lambdaMock.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ UUID: 'u', EventSourceArn: 5 as never }] });
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      RoleDetailList: [{ RoleName: 'r', Arn: 'arn:aws:iam::123456789012:role/r', Tags: [null as never] }],
    });
    const live = reader();

    const [fn] = await live.listFunctions();
    expect(fn?.Layers).toBeUndefined();
    expect(defectsOf(fn!)).toEqual([{ source: 'the Lambda API', field: 'Layers', problem: 'expected an array, found a string' }]);
    const [mapping] = await live.listEventSourceMappings();
    expect(defectsOf(mapping!).map((d) => d.field)).toEqual(['EventSourceMappings[0].EventSourceArn']);
    const { roles } = await live.readAuthorizationDetails();
    expect(roles[0]?.Tags).toEqual([]);
    expect(defectsOf(roles[0]!).map((d) => d.field)).toEqual(['Tags[0]']);
  });
});
