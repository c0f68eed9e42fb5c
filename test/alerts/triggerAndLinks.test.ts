import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleUrl, nameOfArn } from '../../shared/alerts/consoleUrl.ts';
import { triggerOf } from '../../shared/alerts/triggerOf.ts';
import type { CloudTrailRecordLike } from '../../shared/alerts/triggerOf.ts';

const record = (name: string) => JSON.parse(readFileSync(new URL(`../../../shared/reference/cloudtrail/${name}`, import.meta.url), 'utf8')) as CloudTrailRecordLike & { detail?: CloudTrailRecordLike };

describe('triggerOf (real CloudTrail records)', () => {
  it('takes who, what, when and where from an EventBridge envelope detail', () => {
    expect(triggerOf(record('eventbridge-envelope.json').detail!)).toEqual({
      eventName: 'PutRolePolicy',
      eventId: 'e8b1cc4d-32a6-4291-ba2e-dc27fa475f3b',
      eventTime: '2025-10-06T06:33:34Z',
      actorArn: 'arn:aws:sts::111122223333:assumed-role/AdministratorAccess/aws-go-sdk-1759732395432419000',
      sourceIp: '203.0.113.40',
    });
  });

  it('names an IAM user caller', () => {
    expect(triggerOf(record('AttachRolePolicy.json')).actorArn).toBe('arn:aws:iam::111122223333:user/christophe');
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
