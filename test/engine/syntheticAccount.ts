/** A synthetic account at the benchmark scale, built in memory (facts, not files). */
import type { AccountFacts, FunctionFacts, RoleFacts } from '../../shared/facts/types.ts';
import type { PolicyDocument } from '../../shared/policy/types.ts';
import { ACCOUNT, policyOf } from '../checks/lock/lockFacts.ts';

const BASIC_EXECUTION: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
};
const LOCKS = [
  policyOf('s3-pinned'),
  policyOf('sns-pinned', 'events-pinned'),
  policyOf('url-public', 'url-invoke-via-url'),
  policyOf('public-star'),
  policyOf('account-foreign-root', 'sns-unpinned'),
  undefined,
];

export function syntheticAccount(roleCount: number, functionCount: number): AccountFacts {
  const roles: RoleFacts[] = [];
  for (let i = 0; i < roleCount; i++) {
    const name = `role-${i}`;
    roles.push({
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      name,
      path: '/',
      accountId: ACCOUNT,
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      policies: [
        { name: 'AWSLambdaBasicExecutionRole', arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', kind: 'aws-managed', document: BASIC_EXECUTION },
        {
          name: `inline-${i}`,
          kind: 'inline',
          document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t-${i}` }] },
        },
      ],
      tags: {},
      incomplete: [],
    });
  }
  const functions: FunctionFacts[] = [];
  for (let i = 0; i < functionCount; i++) {
    const name = `fn-${i}`;
    const resourcePolicy = LOCKS[i % LOCKS.length];
    functions.push({
      arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`,
      name,
      accountId: ACCOUNT,
      region: 'us-east-1',
      partition: 'aws',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/role-${i % roleCount}`,
      runtime: 'nodejs22.x',
      logGroupName: `/aws/lambda/${name}`,
      environmentVariableNames: ['TABLE'],
      fileSystems: [],
      layerArns: [],
      eventSourceMappings: [],
      ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
      functionUrls: i % LOCKS.length === 2 ? [{ url: `https://${i}.lambda-url.us-east-1.on.aws/`, authType: 'NONE', functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}` }] : [],
      incomplete: [],
    });
  }
  return { accountId: ACCOUNT, region: 'us-east-1', partition: 'aws', roles: new Map(roles.map((r) => [r.arn, r])), functions, incomplete: [] };
}
