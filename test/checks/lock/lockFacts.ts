/** Test helpers: facts around real-shaped resource-policy statements (test/fixtures/lock/statements.json). */
import { readFileSync } from 'node:fs';
import type { CheckContext } from '../../../shared/checks/types.ts';
import type { AccountFacts, FunctionFacts, FunctionUrlFacts, RoleFacts } from '../../../shared/facts/types.ts';
import { parsePolicyDocument } from '../../../shared/policy/index.ts';
import type { PolicyDocument, PolicyStatement } from '../../../shared/policy/types.ts';

export const ACCOUNT = '111122223333';
export const FOREIGN = '444455556666';
export const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/fn-role`;

const fixtureUrl = (name: string): URL => new URL(`../../fixtures/lock/${name}`, import.meta.url);
const STATEMENTS = JSON.parse(readFileSync(fixtureUrl('statements.json'), 'utf8')) as Record<string, PolicyStatement>;

export type StatementName = string;

export function statement(name: StatementName): PolicyStatement {
  const s = STATEMENTS[name];
  if (s === undefined) throw new Error(`no statement "${name}" in test/fixtures/lock/statements.json`);
  return structuredClone(s);
}

/** A resource policy as `aws lambda get-policy` would return it, parsed the way the reader parses it. */
export function policyOf(...names: StatementName[]): PolicyDocument {
  const doc = { Version: '2012-10-17', Id: 'default', Statement: names.map(statement) };
  return parsePolicyDocument(JSON.stringify(doc), 'test resource policy');
}

/** The Policy string of a stored `aws lambda get-policy` output, parsed. */
export function getPolicyFixture(file: string): PolicyDocument {
  const output = JSON.parse(readFileSync(fixtureUrl(file), 'utf8')) as { Policy: string };
  return parsePolicyDocument(output.Policy, file);
}

export function url(authType: FunctionUrlFacts['authType'], functionArn = FN_ARN): FunctionUrlFacts {
  return { url: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/', authType, functionArn };
}

export function functionFacts(overrides: Partial<FunctionFacts> = {}): FunctionFacts {
  const name = overrides.name ?? 'fn';
  return {
    arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`,
    name,
    accountId: ACCOUNT,
    region: 'us-east-1',
    partition: 'aws',
    roleArn: ROLE_ARN,
    runtime: 'nodejs22.x',
    packageType: 'Zip',
    logGroupName: `/aws/lambda/${name}`,
    environmentVariableNames: [],
    fileSystems: [],
    layerArns: [],
    eventSourceMappings: [],
    functionUrls: [],
    incomplete: [],
    ...overrides,
  };
}

export function roleFacts(overrides: Partial<RoleFacts> = {}): RoleFacts {
  const name = overrides.name ?? 'fn-role';
  return {
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    name,
    path: '/',
    accountId: ACCOUNT,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    policies: [],
    tags: {},
    incomplete: [],
    ...overrides,
  };
}

export function accountFacts(functions: FunctionFacts[], roles: RoleFacts[] = [roleFacts()], incomplete: AccountFacts['incomplete'] = []): AccountFacts {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    partition: 'aws',
    roles: new Map(roles.map((r) => [r.arn, r])),
    functions,
    incomplete,
  };
}

export function contextFor(account: AccountFacts = accountFacts([]), trustedAccountIds: string[] = []): CheckContext {
  return { account, options: { trustedAccountIds } };
}
