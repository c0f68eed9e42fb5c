import { describe, expect, it } from 'vitest';
import { matchEventPattern } from './matchEventPattern.ts';

const event = {
  source: 'aws.lambda',
  'detail-type': 'AWS API Call via CloudTrail',
  detail: {
    eventName: 'CreateFunctionUrlConfig',
    eventSource: 'lambda.amazonaws.com',
    readOnly: false,
    responseElements: null,
    count: 7,
    tags: ['blue', 'green'],
    userIdentity: { type: 'AssumedRole' },
  },
};

describe('matchEventPattern (EventBridge content filtering)', () => {
  it.each([
    ['exact string', { source: ['aws.lambda'] }, true],
    ['exact string, other value', { source: ['aws.iam'] }, false],
    ['list is OR', { source: ['aws.iam', 'aws.lambda'] }, true],
    ['nested object', { detail: { eventSource: ['lambda.amazonaws.com'] } }, true],
    ['nested object on a missing field', { nothing: { eventSource: ['x'] } }, false],
    ['all fields must match (AND)', { source: ['aws.lambda'], detail: { eventName: ['Other'] } }, false],
    ['prefix', { detail: { eventName: [{ prefix: 'CreateFunction' }] } }, true],
    ['prefix that does not match', { detail: { eventName: [{ prefix: 'CreateFunction2' }] } }, false],
    ['prefix equals-ignore-case', { detail: { eventName: [{ prefix: { 'equals-ignore-case': 'createfunction' } }] } }, true],
    ['suffix', { detail: { eventName: [{ suffix: 'UrlConfig' }] } }, true],
    ['equals-ignore-case', { detail: { eventName: [{ 'equals-ignore-case': 'createfunctionurlconfig' }] } }, true],
    ['wildcard', { detail: { eventName: [{ wildcard: 'Create*Config' }] } }, true],
    ['wildcard that does not match', { detail: { eventName: [{ wildcard: 'Delete*Config' }] } }, false],
    ['wildcard: ? is a literal question mark', { detail: { eventName: [{ wildcard: 'Create?unctionUrlConfig' }] } }, false],
    ['wildcard: a run of stars, linear time', { detail: { eventName: [{ wildcard: `${'*?'.repeat(300)}#` }] } }, false],
    ['anything-but value', { detail: { eventName: [{ 'anything-but': 'CreateFunction20150331' }] } }, true],
    ['anything-but list hit', { detail: { eventName: [{ 'anything-but': ['CreateFunctionUrlConfig'] }] } }, false],
    ['anything-but prefix', { detail: { eventName: [{ 'anything-but': { prefix: 'CreateFunctionUrl' } }] } }, false],
    ['anything-but on a missing field', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
    ['exists false on a missing field', { detail: { errorCode: [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { eventName: [{ exists: false }] } }, false],
    ['exists true on a present field', { detail: { eventName: [{ exists: true }] } }, true],
    ['exists true on an object is false (leaves only)', { detail: { userIdentity: [{ exists: true }] } }, false],
    ['null matches null', { detail: { responseElements: [null] } }, true],
    ['null does not match a missing field', { detail: { missing: [null] } }, false],
    ['boolean', { detail: { readOnly: [false] } }, true],
    ['numeric range', { detail: { count: [{ numeric: ['>', 5, '<=', 7] }] } }, true],
    ['numeric outside range', { detail: { count: [{ numeric: ['<', 5] }] } }, false],
    ['event arrays match any element', { detail: { tags: ['green'] } }, true],
    ['$or', { $or: [{ source: ['aws.iam'] }, { detail: { eventName: [{ prefix: 'Create' }] } }] }, true],
  ])('%s', (_, pattern, expected) => {
    expect(matchEventPattern(pattern, event)).toBe(expected);
  });

  it.each([
    ['an unknown matcher', { source: [{ 'cidr-ish': 'x' }] }],
    ['a bare string leaf', { source: 'aws.lambda' }],
    ['an empty list', { source: [] }],
    ['two operators in one matcher', { source: [{ prefix: 'a', suffix: 'b' }] }],
  ])('rejects %s instead of guessing', (_, pattern) => {
    expect(() => matchEventPattern(pattern as Record<string, unknown>, event)).toThrow();
  });
});
