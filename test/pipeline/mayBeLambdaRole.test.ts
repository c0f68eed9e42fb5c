import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../shared/policy/index.ts';
import { mayBeLambdaRole } from '../../shared/pipeline/mayBeLambdaRole.ts';

const trust = (statement: object): PolicyDocument => ({ Version: '2012-10-17', Statement: [statement as never] });

describe('mayBeLambdaRole', () => {
  it.each([
    ['Lambda service principal', trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), true],
    ['Lambda among other services', trust({ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }), true],
    ['Lambda in the China partition', trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com.cn' }, Action: 'sts:AssumeRole' }), true],
    ['Lambda@Edge', trust({ Effect: 'Allow', Principal: { Service: 'edgelambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), true],
    ['anyone (includes Lambda)', trust({ Effect: 'Allow', Principal: '*', Action: 'sts:*' }), true],
    ['unreadable trust policy', undefined, true],
    ['EC2 only', trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), false],
    ['Lambda only for tagging sessions', trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:TagSession' }), false],
    ['Lambda denied', trust({ Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), false],
    ['another account', trust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }), false],
  ])('%s -> %s', (_name, document, expected) => {
    expect(mayBeLambdaRole(document)).toBe(expected);
  });
});
