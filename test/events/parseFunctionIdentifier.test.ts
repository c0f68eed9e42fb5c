import { describe, expect, it } from 'vitest';
import { parseFunctionIdentifier } from '../../shared/events/parseFunctionIdentifier.ts';

describe('parseFunctionIdentifier', () => {
  it.each([
    ['orders-api', { functionName: 'orders-api' }],
    ['orders-api:live', { functionName: 'orders-api', qualifier: 'live' }],
    ['orders-api:$LATEST', { functionName: 'orders-api', qualifier: '$LATEST' }],
    ['111122223333:function:orders-api', { functionName: 'orders-api', accountId: '111122223333' }],
    ['111122223333:function:orders-api:3', { functionName: 'orders-api', accountId: '111122223333', qualifier: '3' }],
    [
      'arn:aws:lambda:us-east-1:111122223333:function:orders-api',
      { functionName: 'orders-api', accountId: '111122223333', region: 'us-east-1', partition: 'aws' },
    ],
    [
      'arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:orders-api:live',
      { functionName: 'orders-api', accountId: '111122223333', region: 'us-gov-west-1', partition: 'aws-us-gov', qualifier: 'live' },
    ],
  ])('reads %s', (value, expected) => {
    expect(parseFunctionIdentifier(value)).toEqual(expected);
  });

  it.each(['', 'a:b:c', 'arn:aws:iam::111122223333:role/x', 'arn:aws:lambda:us-east-1:111122223333:layer:x:1'])(
    'rejects %j',
    (value) => {
      expect(parseFunctionIdentifier(value)).toBeUndefined();
    },
  );
});
