import { describe, expect, it } from 'vitest';
import { callerPins, isPinningOperator, sourcePins } from '../../../shared/checks/lock/conditionPins.ts';
import type { PolicyStatement } from '../../../shared/policy/types.ts';

const withCondition = (operator: string, key: string, value: string | string[]): PolicyStatement => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'lambda:InvokeFunction',
  Resource: '*',
  Condition: { [operator]: { [key]: value } },
});

describe('isPinningOperator', () => {
  it.each([
    ['StringEquals', true],
    ['stringequals', true],
    ['StringLike', true],
    ['ArnLike', true],
    ['ArnEquals', true],
    ['IpAddress', true],
    ['ForAnyValue:StringEquals', true],
    ['StringEqualsIfExists', false],
    ['ArnLikeIfExists', false],
    ['ForAllValues:StringEquals', false],
    ['StringNotEquals', false],
    ['ArnNotLike', false],
    ['NotIpAddress', false],
    ['Null', false],
    ['Bool', false],
    ['StringStartsWith', false],
  ])('%s -> %s', (operator, expected) => {
    expect(isPinningOperator(operator)).toBe(expected);
  });
});

describe('callerPins', () => {
  it.each([
    ['StringEquals', 'AWS:SourceAccount', '111122223333', true],
    ['StringLike', 'aws:SourceAccount', '1111*', false],
    ['StringEquals', 'aws:SourceAccount', ['111122223333', '*'], false],
    ['ArnLike', 'AWS:SourceArn', 'arn:aws:sns:us-east-1:111122223333:*', true],
    ['ArnLike', 'AWS:SourceArn', 'arn:aws:sns:us-east-1:*:topic', false],
    ['ArnLike', 'AWS:SourceArn', 'arn:aws:s3:::bucket', false],
    ['StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5', true],
    ['StringLike', 'aws:PrincipalOrgID', 'o-*', false],
    ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/*', true],
    ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/x', true],
    ['StringEquals', 'aws:SourceVpce', 'vpce-0a1b2c3d4e5f60718', true],
    ['StringLike', 'aws:SourceVpce', 'vpce-*', false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', true],
    ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '0.0.0.0/0'], false],
    ['IpAddress', 'aws:SourceIp', '::/0', false],
    ['StringEquals', 'aws:PrincipalTag/team', 'payments', false],
  ])('%s %s %j pins: %s', (operator, key, value, pins) => {
    expect(callerPins(withCondition(operator, key, value)).length > 0).toBe(pins);
  });
});

describe('sourcePins', () => {
  it.each([
    ['ArnLike', 'AWS:SourceArn', 'arn:aws:s3:::bucket', true],
    ['ArnLike', 'AWS:SourceArn', 'arn:aws:s3:::*', false],
    ['ArnLike', 'AWS:SourceArn', '*', false],
    ['StringEquals', 'AWS:SourceAccount', '111122223333', true],
    ['StringEquals', 'aws:SourceOrgID', 'o-a1b2c3d4e5', true],
    ['StringNotEquals', 'AWS:SourceAccount', '111122223333', false],
  ])('%s %s %j pins: %s', (operator, key, value, pins) => {
    expect(sourcePins(withCondition(operator, key, value)).length > 0).toBe(pins);
  });
});
