import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribeOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountReadError } from '../../../shared/account/errors.ts';
import { createLiveAccountReader } from '../../../shared/account/live/createLiveAccountReader.ts';

const region = 'us-east-1';
const iam = new IAMClient({ region });
const lambda = new LambdaClient({ region });
const sts = new STSClient({ region });
const organizations = new OrganizationsClient({ region });
const orgMock = mockClient(organizations);
mockClient(iam);
mockClient(lambda);
mockClient(sts);

const reader = () => createLiveAccountReader({ clients: { iam, lambda, sts, organizations } });
const meta = { $metadata: { httpStatusCode: 400 } };

beforeEach(() => orgMock.reset());

describe('LiveAccountReader.organizationId', () => {
  it('returns the organization id from DescribeOrganization and counts the call', async () => {
    orgMock.on(DescribeOrganizationCommand).resolves({
      Organization: { Id: 'o-a1b2c3d4e5', Arn: 'arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5', MasterAccountId: '111122223333' },
    });
    const r = reader();
    expect(await r.organizationId()).toBe('o-a1b2c3d4e5');
    expect(r.callCounts()).toMatchObject({ 'organizations:DescribeOrganization': 1 });
  });

  it('is undefined when the account is in no organization', async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', ...meta }));
    expect(await reader().organizationId()).toBeUndefined();
  });

  it('is undefined when the caller may not ask (the own organization is then simply not trusted)', async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform: organizations:DescribeOrganization', ...meta }));
    expect(await reader().organizationId()).toBeUndefined();
  });

  it('reports any other failure as an AccountReadError naming the call', async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(
      Object.assign(new Error('internal error'), { name: 'ServiceException', $fault: 'server', $metadata: { httpStatusCode: 500 } }),
    );
    const failure = reader().organizationId();
    await expect(failure).rejects.toThrow(AccountReadError);
    await expect(reader().organizationId()).rejects.toThrow(/DescribeOrganization account: read failed/);
  });

  it('is undefined without an Organizations client (callers that never ask for it)', async () => {
    expect(await createLiveAccountReader({ clients: { iam, lambda, sts } }).organizationId()).toBeUndefined();
  });
});
