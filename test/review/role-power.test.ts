/**
 * Adversarial probes of admin-access / privilege-escalation / wildcard-permissions: grants an IAM
 * expert would write to hide power, and safe policies that must not cry wolf.
 */
import { describe, expect, it } from 'vitest';
import { adminAccessCheck } from '../../shared/checks/admin-access.ts';
import { privilegeEscalationCheck } from '../../shared/checks/privilege-escalation.ts';
import { wildcardPermissionsCheck } from '../../shared/checks/wildcard-permissions.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { makeContext, makeFunction, makeRole, managed } from '../checks/fixtures/role/factories.ts';
import { boundaryDoc, customerDoc, inlineDoc } from './reviewFixtures.ts';

function run(policies: PolicySource[], b?: PolicySource, tags: Record<string, string> = {}) {
  const role = { ...makeRole({ policies, ...(b ? { boundary: b } : {}) }), tags };
  const fns = [makeFunction(role)];
  const ctx = makeContext([role], fns);
  return {
    admin: adminAccessCheck.evaluate(role, fns, ctx),
    escalation: privilegeEscalationCheck.evaluate(role, fns, ctx),
    wildcard: wildcardPermissionsCheck.evaluate(role, fns, ctx),
  };
}

describe('review: admin grants Keycard must not miss', () => {
  it.each([
    ['Action "*:*"', [inlineDoc('star-star')], undefined],
    ['Action list mixing "S3:GetObject" and "*"', [inlineDoc('star-list-mixed-case')], undefined],
    ['NotAction iam:* together with NotResource one bucket', [inlineDoc('notaction-notresource-allow')], undefined],
    ['AdministratorAccess under a boundary that is itself AdministratorAccess-shaped', [managed('AdministratorAccess')], boundaryDoc('boundary-admin')],
    ['AdministratorAccess with a Deny on aws:PrincipalTag (unknown condition, not a safeguard)', [managed('AdministratorAccess'), inlineDoc('deny-unless-principal-tag')], undefined],
    ['"*" conditioned on aws:PrincipalAccount = the role\'s own account (always true for it)', [inlineDoc('admin-if-own-account')], undefined],
    ['"*" conditioned on aws:PrincipalArn like the role\'s account roles (always true for it)', [inlineDoc('admin-if-own-arn')], undefined],
    ['"*" fenced to another region than the function\'s (the caller picks the endpoint)', [inlineDoc('admin-in-other-region')], undefined],
  ])('admin-access fires for %s', (_n, policies, b) => {
    expect(run(policies, b).admin).toHaveLength(1);
  });

  it('says which region an other-region admin holds in', () => {
    expect(run([inlineDoc('admin-in-other-region')]).admin[0]!.detail).toContain('in region us-west-2');
  });

  it('admin-access fires when the role carries the tag an Allow "*" is conditioned on', () => {
    expect(run([inlineDoc('admin-if-team-tag')], undefined, { team: 'platform' }).admin).toHaveLength(1);
  });

  it.each([
    ['"*" conditioned on another account (never true for this role)', [inlineDoc('admin-if-other-account')], undefined, {}],
    ['"*" conditioned on a tag the role carries with another value', [inlineDoc('admin-if-team-tag')], undefined, { team: 'data' }],
    ['"*" conditioned on a tag the role does not carry (unknown: not a grant)', [inlineDoc('admin-if-team-tag')], undefined, {}],
    ['AdministratorAccess under a boundary that allows only with a principal tag', [managed('AdministratorAccess')], boundaryDoc('boundary-conditional-tag'), {}],
    ['a Deny NotAction carving out s3 and logs only', [managed('AdministratorAccess'), inlineDoc('deny-notaction-carveout-s3')], undefined, {}],
  ])('admin-access stays quiet for %s', (_n, policies, b, tags) => {
    expect(run(policies, b, tags).admin).toEqual([]);
  });
});

describe('review: escalation paths', () => {
  it.each([
    ['iam:* + sts:*', [inlineDoc('iam-and-sts-star')], ['iam:PassRole', 'iam:AttachRolePolicy', 'sts:AssumeRole']],
    ['"IAM:PassRole" in mixed case on "*"', [inlineDoc('passrole-mixed-case')], ['iam:PassRole']],
    ['iam:PassRole on arn:aws:iam::*:role/*', [inlineDoc('passrole-any-account-roles')], ['iam:PassRole']],
    ['iam:PassRole on "*" limited by iam:PassedToService lambda', [inlineDoc('passrole-to-lambda-only')], ['iam:PassRole']],
    ['lambda:* (UpdateFunctionCode on any function)', [inlineDoc('lambda-star')], ['lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration']],
    ['lambda:UpdateFunctionCode fenced to the function\'s own region', [inlineDoc('lambda-update-in-home-region')], ['lambda:UpdateFunctionCode']],
    ['lambda:UpdateFunctionCode fenced to another region (the caller picks the endpoint)', [inlineDoc('lambda-update-in-other-region')], ['lambda:UpdateFunctionCode']],
    ['a Deny NotAction iam:* that leaves IAM open on AdministratorAccess', [managed('AdministratorAccess'), inlineDoc('deny-notaction-carveout-iam-only')], ['iam:AttachRolePolicy']],
    ['everything except iam, sts and kms (still lambda:UpdateFunctionCode)', [customerDoc('everything-but-iam-sts-kms')], ['lambda:UpdateFunctionCode']],
  ])('privilege-escalation fires for %s', (_n, policies, actions) => {
    const { admin, escalation } = run(policies);
    expect(admin).toEqual([]);
    expect(escalation).toHaveLength(1);
    for (const a of actions) expect(escalation[0]!.detail).toContain(a);
  });

  it.each([
    ['iam:PassRole on one named role to Lambda', [inlineDoc('passrole-one-role-to-lambda')]],
    ['lambda:UpdateFunctionCode under an unknown condition (aws:PrincipalTag not on the role)', [inlineDoc('lambda-update-if-tag')]],
    ['the AWS managed execution policies', ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSLambdaSQSQueueExecutionRole', 'AWSLambdaKinesisExecutionRole', 'AWSLambdaDynamoDBExecutionRole', 'AWSLambdaMSKExecutionRole', 'AWSLambdaENIManagementAccess', 'AWSXRayDaemonWriteAccess', 'CloudWatchLambdaInsightsExecutionRolePolicy'].map(managed)],
  ])('privilege-escalation stays quiet for %s', (_n, policies) => {
    expect(run(policies).escalation).toEqual([]);
  });
});

describe('review: wildcard-permissions', () => {
  it.each([
    ['s3:GetObject/PutObject on arn:aws:s3:::* (every object of every bucket)', 's3-all-buckets-arn'],
    ['dynamodb item actions on arn:aws:dynamodb:*:*:table/* (every table)', 'ddb-all-tables-arn'],
    ['s3:GetObject on arn:aws:s3:::*/* (every key of every bucket)', 's3-every-key-every-bucket'],
    ['data actions on arn:aws:*:*:*:* (every ARN)', 'every-arn-any-service'],
  ])('fires for %s', (_n, name) => {
    const { wildcard } = run([managed('AWSLambdaBasicExecutionRole'), inlineDoc(name)]);
    expect(wildcard).toHaveLength(1);
  });

  it('fires for service-role/AWSLambdaRole (lambda:InvokeFunction on every function): not an execution policy', () => {
    const lambdaRole = { ...inlineDoc('aws-lambda-role-shape'), name: 'AWSLambdaRole', kind: 'aws-managed' as const, arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole' };
    const { wildcard } = run([managed('AWSLambdaBasicExecutionRole'), lambdaRole]);
    expect(wildcard).toHaveLength(1);
    expect(wildcard[0]!.detail).toContain('lambda:InvokeFunction');
  });

  it.each([
    ['every AWS managed execution policy at once', ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSLambdaSQSQueueExecutionRole', 'AWSLambdaKinesisExecutionRole', 'AWSLambdaDynamoDBExecutionRole', 'AWSLambdaMSKExecutionRole', 'AWSLambdaENIManagementAccess', 'AWSXRayDaemonWriteAccess', 'CloudWatchLambdaInsightsExecutionRolePolicy'].map(managed)],
    ['objects of one bucket', [managed('AWSLambdaBasicExecutionRole'), inlineDoc('s3-one-bucket')]],
    ['the Serverless Framework default log grants', [inlineDoc('logs-serverless-framework')]],
    ['every queue of the own account and region (a deliberate account scope)', [managed('AWSLambdaBasicExecutionRole'), inlineDoc('sqs-all-queues-own-account')]],
    ['reading every role of the own account (what an auditing role needs)', [managed('AWSLambdaBasicExecutionRole'), inlineDoc('iam-read-roles-own-account')]],
  ])('stays quiet for %s', (_n, policies) => {
    expect(run(policies).wildcard).toEqual([]);
  });
});
