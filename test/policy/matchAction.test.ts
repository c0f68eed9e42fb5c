import { describe, expect, it } from 'vitest';
import { matchAction } from '../../shared/policy/index.ts';

describe('matchAction', () => {
  it.each([
    ['*', 's3:GetObject', true],
    ['*', 'anything', true],
    ['s3:GetObject', 's3:GetObject', true],
    ['s3:getobject', 'S3:GETOBJECT', true],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['s3:*', 's3:PutObject', true],
    ['s3:*', 's3express:CreateSession', false],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:Get', true],
    ['s3:Get*', 's3:ListBucket', false],
    ['iam:*Role*', 'iam:PassRole', true],
    ['IAM:PASS*', 'iam:PassRole', true],
    ['ec2:Describe?pcs', 'ec2:DescribeVpcs', true],
    ['ec2:Describe?pcs', 'ec2:Describepcs', false],
    ['s3:??tObject', 's3:PutObject', true],
    // Regex metacharacters in a pattern are literal.
    ['s3:Get.bj*', 's3:GetObject', false],
    ['s3:Get[O]*', 's3:GetObject', false],
    ['s3:Get[O]*', 's3:Get[O]bject', true],
  ])('%s vs %s -> %s', (pattern, action, expected) => {
    expect(matchAction(pattern, action)).toBe(expected);
  });
});
