import { describe, expect, it } from 'vitest';
import { unqualifiedFunctionArn } from '../../shared/facts/unqualifiedFunctionArn.ts';

describe('unqualifiedFunctionArn', () => {
  it('drops an alias or version qualifier', () => {
    expect(unqualifiedFunctionArn('arn:aws:lambda:us-east-1:111122223333:function:orders:live')).toBe('arn:aws:lambda:us-east-1:111122223333:function:orders');
    expect(unqualifiedFunctionArn('arn:aws:lambda:eu-west-1:111122223333:function:orders:3')).toBe('arn:aws:lambda:eu-west-1:111122223333:function:orders');
  });

  it('returns an unqualified ARN as it is', () => {
    expect(unqualifiedFunctionArn('arn:aws:lambda:us-east-1:111122223333:function:orders')).toBe('arn:aws:lambda:us-east-1:111122223333:function:orders');
  });
});
