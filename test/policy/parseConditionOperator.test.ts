import { describe, expect, it } from 'vitest';
import { parseConditionOperator } from '../../shared/policy/index.ts';

describe('parseConditionOperator', () => {
  it.each([
    ['StringEquals', { operator: 'StringEquals', ifExists: false, supported: true }],
    ['StringLikeIfExists', { operator: 'StringLike', ifExists: true, supported: true }],
    ['ForAnyValue:StringLike', { operator: 'StringLike', ifExists: false, setOperator: 'ForAnyValue', supported: true }],
    ['ForAllValues:StringEqualsIfExists', { operator: 'StringEquals', ifExists: true, setOperator: 'ForAllValues', supported: true }],
    ['ArnLike', { operator: 'ArnLike', ifExists: false, supported: true }],
    ['BoolIfExists', { operator: 'Bool', ifExists: true, supported: true }],
    ['NotIpAddress', { operator: 'NotIpAddress', ifExists: false, supported: true }],
    ['Null', { operator: 'Null', ifExists: false, supported: true }],
    ['NumericGreaterThanEquals', { operator: 'NumericGreaterThanEquals', ifExists: false, supported: true }],
    ['DateLessThanIfExists', { operator: 'DateLessThan', ifExists: true, supported: true }],
    ['BinaryEquals', { operator: 'BinaryEquals', ifExists: false, supported: true }],
    ['stringequals', { operator: 'StringEquals', ifExists: false, supported: true }],
    ['StringMatchesRegex', { operator: 'StringMatchesRegex', ifExists: false, supported: false }],
    ['NullIfExists', { operator: 'Null', ifExists: true, supported: false }],
    ['ForSomeValues:StringEquals', { operator: 'StringEquals', ifExists: false, supported: false }],
  ])('%s', (op, expected) => {
    expect(parseConditionOperator(op)).toEqual(expected);
  });
});
