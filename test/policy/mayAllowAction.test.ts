import { describe, expect, it } from 'vitest';
import { mayAllowAction } from '../../shared/policy/index.ts';
import type { PolicySource } from '../../shared/policy/index.ts';

const policy = (...Statement: object[]): PolicySource => ({ name: 'p', kind: 'inline', document: { Version: '2012-10-17', Statement: Statement as never } });

describe('mayAllowAction', () => {
  it.each([
    ['exact action', [policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/x' })], 'iam:PassRole', true],
    ['case-insensitive', [policy({ Effect: 'Allow', Action: 'IAM:passrole', Resource: '*' })], 'iam:PassRole', true],
    ['service wildcard', [policy({ Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' })], 'iam:PassRole', true],
    ['? wildcard', [policy({ Effect: 'Allow', Action: 'iam:P?ssRole', Resource: '*' })], 'iam:PassRole', true],
    ['NotAction that does not exclude it', [policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })], 'iam:PassRole', true],
    ['conditional Allow still names it', [policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } })], 'iam:PassRole', true],
    ['only a Deny names it', [policy({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' })], 'iam:PassRole', false],
    ['NotAction that excludes it', [policy({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' })], 'iam:PassRole', false],
    ['other service', [policy({ Effect: 'Allow', Action: ['s3:GetObject', 'logs:*'], Resource: '*' })], 'iam:PassRole', false],
    ['no policies', [], 'iam:PassRole', false],
  ])('%s -> %s', (_name, policies, action, expected) => {
    expect(mayAllowAction(policies as PolicySource[], action as string)).toBe(expected);
  });
});
