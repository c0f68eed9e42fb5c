import { describe, expect, it } from 'vitest';
import { matchResource } from '../../shared/policy/index.ts';

const STREAM = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/fn:log-stream:2026/11/29/[$LATEST]abc';

describe('matchResource', () => {
  it.each([
    ['*', 'anything at all', true],
    ['*', '*', true],
    ['arn:aws:s3:::b/k', 'arn:aws:s3:::b/k', true],
    ['arn:aws:s3:::B/k', 'arn:aws:s3:::b/k', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y/z', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['arn:aws:logs:*:*:log-group:/aws/lambda/fn:*', STREAM, true],
    ['arn:aws:logs:*:*:*', STREAM, true],
    ['arn:aws:logs:*:*:log-group:/aws/lambda/fn', STREAM, false],
    ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/*', STREAM, true],
    // Wildcards in the first five segments stay within their segment.
    ['arn:aws:lambda:*:function:fn', 'arn:aws:lambda:us-east-1:111122223333:function:fn', false],
    ['arn:aws:lambda:us-east-1:*:function:*', 'arn:aws:lambda:us-east-1:111122223333:function:fn:prod', true],
    ['arn:aws:iam::11112222333?:role/x', 'arn:aws:iam::111122223333:role/x', true],
    ['arn:aws:iam:?:111122223333:role/x', 'arn:aws:iam::111122223333:role/x', false],
    ['arn:aws:s3:*:*:bucket', 'arn:aws:s3:::bucket', true],
    ['arn:*:s3:::b', 'arn:aws-us-gov:s3:::b', true],
    ['arn:aws:s3:::b', '*', false],
    ['arn:aws:s3:::b.k', 'arn:aws:s3:::bxk', false],
    ['arn:aws:sqs:us-east-1:111122223333:q(1)', 'arn:aws:sqs:us-east-1:111122223333:q(1)', true],
  ])('%s vs %s -> %s', (pattern, arn, expected) => {
    expect(matchResource(pattern, arn)).toBe(expected);
  });
});
