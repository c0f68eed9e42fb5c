import { describe, expect, it } from 'vitest';
import { undecidedArnPattern } from '../../shared/policy/undecidedArnPattern.ts';

describe('undecidedArnPattern', () => {
  it.each([
    ['*', undefined],
    ['arn:aws:iam::111122223333:role/admin', undefined],
    ['arn:aws:iam::111122223333:role/*', undefined],
    ['arn:aws:iam::*:role/*', undefined],
    ['arn:aws:logs:*:*:log-group:/aws/lambda/*', undefined],
    ['arn:aws:ec2:*:*:*', undefined],
    ['arn:aws:s3:::*/reports/*', undefined],
    ['arn:aws:execute-api:*:*:*/prod/GET/*', undefined],
    ['arn:aws:iam::111122223333:*/admin', 'resource type'],
    ['arn:aws:iam::111122223333:ro?e/admin', 'resource type'],
    ['arn:aws:logs:*:*:*:/aws-glue/*', 'resource type'],
    ['arn:aws:*', 'fewer than six'],
    ['arn:*', 'fewer than six'],
    ['arn:aws:s3:::b*', undefined],
  ])('%s', (pattern, reason) => {
    const got = undecidedArnPattern(pattern);
    if (reason === undefined) expect(got).toBeUndefined();
    else expect(got).toContain(reason);
  });
});
