import { describe, expect, it } from 'vitest';
import { checkDocsLink } from '../../shared/alerts/checkDocsLink.ts';
import { renderAlert } from '../../shared/alerts/renderAlert.ts';
import { finding } from './loadFixtures.ts';
import { consoleUrl, nameOfArn } from '../../shared/alerts/consoleUrl.ts';
import { triggerOf } from '../../shared/alerts/triggerOf.ts';
import type { CloudTrailRecordLike } from '../../shared/alerts/triggerOf.ts';

import { sampleEvent } from '../support/loadCloudTrailFixture.ts';

const detailOf = (file: string): CloudTrailRecordLike => sampleEvent<{ detail: CloudTrailRecordLike }>(file).detail;

describe('triggerOf (real CloudTrail records)', () => {
  it('takes who, what, when and where from an EventBridge envelope detail', () => {
    expect(triggerOf(detailOf('PutRolePolicy.json'))).toEqual({
      eventName: 'PutRolePolicy',
      eventId: 'f4998d7c-4093-46de-a268-aa872607679d',
      eventTime: '2025-11-18T10:04:28Z',
      actorArn: 'arn:aws:sts::111122223333:assumed-role/PlatformDeployer/deploy-session',
      sourceIp: '203.0.113.60',
    });
  });

  it('names an IAM user caller', () => {
    expect(triggerOf(detailOf('AttachRolePolicy.json')).actorArn).toBe('arn:aws:iam::111122223333:user/jordan');
  });
});

describe('consoleUrl', () => {
  it.each([
    ['arn:aws:iam::111122223333:role/service-role/orders-role', 'https://console.aws.amazon.com/iam/home#/roles/details/orders-role'],
    ['arn:aws-us-gov:iam::111122223333:role/orders-role', 'https://console.amazonaws-us-gov.com/iam/home#/roles/details/orders-role'],
    ['arn:aws:lambda:eu-west-1:111122223333:function:orders-api', 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api'],
    ['arn:aws:lambda:eu-west-1:111122223333:function:orders-api:live', 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api'],
    ['arn:aws-cn:lambda:cn-north-1:111122223333:function:orders-api', 'https://cn-north-1.console.amazonaws.cn/lambda/home?region=cn-north-1#/functions/orders-api'],
    ['arn:aws:sqs:us-east-1:111122223333:orders', undefined],
  ])('%s -> %s', (arn, url) => {
    expect(consoleUrl(arn)).toBe(url);
  });

  it('shortens role and function ARNs to their names', () => {
    expect(nameOfArn('arn:aws:iam::111122223333:role/service-role/orders-role')).toBe('orders-role');
    expect(nameOfArn('arn:aws:lambda:eu-west-1:111122223333:function:orders-api:live')).toBe('orders-api');
  });
});

describe('checkDocsLink (the "More:" line of each finding)', () => {
  it('links to the check section of the deployer\'s docs/checks.md when CheckDocsUrl is set', () => {
    const url = 'https://github.com/example/lambda-keycard/blob/v1.2.0/docs/checks.md';
    expect(checkDocsLink('admin-access', url)).toBe(`${url}#admin-access`);
  });

  it('names the file in Keycard\'s source, never a bare relative path, when it is not set', () => {
    expect(checkDocsLink('admin-access')).toBe("docs/checks.md#admin-access in Keycard's source");
  });

  it('puts the absolute link into the rendered alert', () => {
    const invoke = finding('public-invoke');
    const url = 'https://docs.example.com/keycard/checks.md';
    const alert = renderAlert({ findings: [invoke], region: 'eu-west-1', accountId: '111122223333', checkDocsUrl: url });
    expect(alert.text).toContain(`More: ${url}#public-invoke`);
  });

  it('names a member account by id and organization name, in the text and the JSON (hub mode)', () => {
    const invoke = finding('public-invoke');
    const alert = renderAlert({ findings: [invoke], region: 'eu-west-1', accountId: '444455556666', accountName: 'payments-prod' });
    expect(alert.text).toContain('in account 444455556666 "payments-prod" (eu-west-1)');
    expect(JSON.parse(alert.json)).toMatchObject({ accountId: '444455556666', accountName: 'payments-prod' });
    expect(JSON.parse(renderAlert({ findings: [invoke], region: 'eu-west-1', accountId: '444455556666' }).json)).not.toHaveProperty('accountName');
  });
});
