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

  it.each([
    '',
    'a:b:c',
    'arn:aws:iam::111122223333:role/x',
    'arn:aws:lambda:us-east-1:111122223333:layer:x:1',
    // What AWS refuses as a function name: paths, control characters, spaces, too long.
    '../../etc/passwd',
    'orders\u0000api',
    'orders-api\n',
    'orders api',
    'x'.repeat(65),
    `orders-api:${'q'.repeat(129)}`,
    'arn:aws:lambda:us-east-1:11112222333:function:orders-api',
    'arn:aws:lambda:US-EAST-1:111122223333:function:orders-api',
  ])(
    'rejects %j',
    (value) => {
      expect(parseFunctionIdentifier(value)).toBeUndefined();
    },
  );

  it('rejects a 1 MB name', () => {
    expect(parseFunctionIdentifier('x'.repeat(1_000_000))).toBeUndefined();
  });

  it('takes the longest names and qualifiers AWS allows, and no longer ones', () => {
    const name = 'n'.repeat(64);
    const arn = `arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:${name}`;
    expect(parseFunctionIdentifier(name)?.functionName).toBe(name);
    expect(parseFunctionIdentifier(`${arn}:${'a'.repeat(128)}`)).toBeUndefined(); // over 170 in all
    expect(parseFunctionIdentifier(`${arn}:${'a'.repeat(40)}`)?.qualifier).toHaveLength(40);
  });
});
