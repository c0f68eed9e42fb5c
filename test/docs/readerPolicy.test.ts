/**
 * docs/keycard-reader-policy.json, the policy a user hands to an admin for `keycard audit --live`
 * and `keycard snapshot`, must allow every call those commands make and nothing else. The calls are
 * not listed by hand: both commands run here through `run()` with the real live reader and SDK
 * clients, aws-sdk-client-mock records every Command sent, and `<Service>Client` + `XxxCommand`
 * gives the IAM action `service:Xxx`. Keycard's own evaluator then answers for each action.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iamSdk from '@aws-sdk/client-iam';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as stsSdk from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/run.ts';
import { evaluateIdentityPolicies, parsePolicyDocument } from '../../shared/policy/index.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { awsManagedPolicy } from '../support/awsManagedPolicies.ts';
import { captureIO } from '../cli/captureIO.ts';

const POLICY_FILE = 'docs/keycard-reader-policy.json';
const ACCOUNT = '111122223333';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/orders-api-role`;
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-api`;
const CUSTOMER_POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/orders-table-access`;

/** SDK operation -> IAM action where the names differ (none of the reader's calls; kept for the write check). */
const ACTION_OF_OPERATION: Record<string, string> = { 'lambda:Invoke': 'lambda:InvokeFunction', 'lambda:InvokeAsync': 'lambda:InvokeAsync' };
const actionOf = (service: string, commandName: string): string => {
  const action = `${service}:${commandName.replace(/Command$/, '')}`;
  return ACTION_OF_OPERATION[action] ?? action;
};

const SERVICES = [
  { prefix: 'iam', client: iamSdk.IAMClient, sdk: iamSdk },
  { prefix: 'lambda', client: lambdaSdk.LambdaClient, sdk: lambdaSdk },
  { prefix: 'sts', client: stsSdk.STSClient, sdk: stsSdk },
] as const;

/** One account, as the read APIs return it: a role, a customer managed policy, a function whose resource policy mentions function URLs. */
function mockAccount() {
  const iam = mockClient(iamSdk.IAMClient);
  const lambda = mockClient(lambdaSdk.LambdaClient);
  const sts = mockClient(stsSdk.STSClient);
  const trust = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
  const document = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] }));
  sts.on(stsSdk.GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/auditor/me`, UserId: 'AROAEXAMPLE:me' });
  iam.on(iamSdk.GetAccountAuthorizationDetailsCommand).resolves({
    IsTruncated: false,
    RoleDetailList: [
      {
        RoleName: 'orders-api-role',
        RoleId: 'AROAORDERSAPIROLE0001',
        Arn: ROLE_ARN,
        Path: '/',
        CreateDate: new Date('2024-01-31T09:00:00Z'),
        AssumeRolePolicyDocument: trust,
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: 'orders-table-access', PolicyArn: CUSTOMER_POLICY_ARN }],
      },
    ],
    Policies: [
      {
        PolicyName: 'orders-table-access',
        PolicyId: 'ANPAORDERSTABLE00001',
        Arn: CUSTOMER_POLICY_ARN,
        Path: '/',
        DefaultVersionId: 'v1',
        AttachmentCount: 1,
        IsAttachable: true,
        PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: new Date('2024-01-31T09:00:00Z') }],
      },
    ],
  });
  lambda.on(lambdaSdk.ListFunctionsCommand).resolves({
    Functions: [{ FunctionName: 'orders-api', FunctionArn: FUNCTION_ARN, Role: ROLE_ARN, Runtime: 'nodejs22.x', Handler: 'index.handler' }],
  });
  lambda.on(lambdaSdk.ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
  lambda.on(lambdaSdk.ListAliasesCommand).resolves({ Aliases: [] });
  lambda.on(lambdaSdk.GetPolicyCommand).resolves({
    RevisionId: 'rev-1',
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: FUNCTION_ARN, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } }],
    }),
  });
  lambda.on(lambdaSdk.ListFunctionUrlConfigsCommand).resolves({ FunctionUrlConfigs: [] });
  return { iam, lambda, sts };
}

let mocks: ReturnType<typeof mockAccount>;
let sent: Map<string, string[]>;
let snapshotDir: string;

/** Runs a CLI command and returns the IAM actions of the Commands it sent, with the commands that sent them. */
async function actionsSentBy(argv: string[]): Promise<{ exitCode: number; actions: string[]; err: string }> {
  for (const mock of Object.values(mocks)) mock.resetHistory();
  const io = captureIO();
  const exitCode = await run(argv, io);
  const actions = SERVICES.flatMap(({ prefix }) =>
    mocks[prefix].calls().map((call) => actionOf(prefix, (call.args[0] as object).constructor.name)),
  );
  return { exitCode, actions: [...new Set(actions)].sort(), err: io.err };
}

beforeAll(async () => {
  mocks = mockAccount();
  snapshotDir = mkdtempSync(join(tmpdir(), 'keycard-reader-policy-'));
  sent = new Map();
  const audit = await actionsSentBy(['audit', '--live', '--region', 'us-east-1', '--api-rate', '15', '--format', 'json']);
  expect(audit.err).not.toMatch(/cannot read|Error/);
  sent.set('keycard audit --live', audit.actions);
  const snapshot = await actionsSentBy(['snapshot', '--out', join(snapshotDir, 'snap'), '--region', 'us-east-1', '--api-rate', '15']);
  expect(snapshot.exitCode, snapshot.err).toBe(0);
  sent.set('keycard snapshot', snapshot.actions);
});

afterAll(() => {
  for (const mock of Object.values(mocks)) mock.restore();
  rmSync(snapshotDir, { recursive: true, force: true });
});

const policyText = readFileSync(POLICY_FILE, 'utf8');
const policy: PolicySource = { name: 'keycard-reader', kind: 'customer-managed', document: parsePolicyDocument(JSON.parse(policyText), POLICY_FILE) };
const allowed = (action: string, resource = '*') => evaluateIdentityPolicies({ action, resource }, [policy]).decision === 'Allowed';
/** Any answer but a plain "no" counts as a grant here: a conditional Allow is still an Allow to someone. */
const mayAllow = (action: string, resource = '*') => evaluateIdentityPolicies({ action, resource }, [policy]).decision !== 'ImplicitlyDenied';
const everySent = () => [...new Set([...sent.values()].flat())].sort();

describe(POLICY_FILE, () => {
  it('is a valid IAM policy document: JSON, Version 2012-10-17, Allow statements of named actions only', () => {
    const raw = JSON.parse(policyText) as { Version: string; Statement: { Effect: string; Action: string[]; NotAction?: unknown }[] };
    expect(raw.Version).toBe('2012-10-17');
    for (const statement of raw.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/); // no wildcard
    }
    // A customer managed policy holds at most 6,144 characters (whitespace not counted).
    expect(policyText.replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
  });

  it('was checked against the calls of both commands (the recording is not empty)', () => {
    expect(sent.get('keycard audit --live')).toEqual(
      expect.arrayContaining(['iam:GetAccountAuthorizationDetails', 'lambda:GetPolicy', 'lambda:ListFunctions', 'sts:GetCallerIdentity']),
    );
    // The snapshot lists every function's URL configs; the audit only where the policy mentions URLs (here it does).
    expect(sent.get('keycard snapshot')).toContain('lambda:ListFunctionUrlConfigs');
  });

  it.each(['keycard audit --live', 'keycard snapshot'])('allows every call %s makes, on any resource', (command) => {
    for (const action of sent.get(command) ?? []) {
      expect(allowed(action), action).toBe(true);
      expect(allowed(action, FUNCTION_ARN), `${action} on ${FUNCTION_ARN}`).toBe(true);
    }
  });

  it('allows nothing else of IAM, Lambda or STS: every other SDK operation is denied, writes included', () => {
    const needed = new Set(everySent());
    const others = SERVICES.flatMap(({ prefix, sdk }) =>
      Object.keys(sdk)
        .filter((name) => /^[A-Z]\w*Command$/.test(name) && name !== 'Command')
        .map((name) => actionOf(prefix, name)),
    ).filter((action) => !needed.has(action));
    expect(others.length).toBeGreaterThan(200); // IAM alone has over 150 operations: the list is real
    expect(others.filter((action) => mayAllow(action))).toEqual([]);
    // The grants a reader must never have, named: changing roles, policies, functions or who may invoke them.
    for (const write of [
      'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:CreateRole', 'iam:CreatePolicyVersion', 'iam:UpdateAssumeRolePolicy',
      'iam:PassRole', 'iam:DeleteRolePermissionsBoundary', 'lambda:UpdateFunctionConfiguration', 'lambda:UpdateFunctionCode',
      'lambda:AddPermission', 'lambda:CreateFunctionUrlConfig', 'lambda:InvokeFunction', 'lambda:InvokeFunctionUrl', 'sts:AssumeRole',
      'lambda:GetFunction', // returns a pre-signed URL to the code: not needed, so not granted
      's3:GetObject', 'ec2:RunInstances',
    ]) {
      expect(mayAllow(write), write).toBe(false);
    }
  });

  it('grants exactly what the commands use: every action in it is sent by one of them', () => {
    const raw = JSON.parse(policyText) as { Statement: { Action: string[] }[] };
    expect(raw.Statement.flatMap((s) => s.Action).sort()).toEqual(everySent());
  });

  it("is covered by AWS's SecurityAudit managed policy too (the alternative docs/first-audit.md names)", () => {
    const securityAudit = awsManagedPolicy('SecurityAudit');
    const source: PolicySource = { name: securityAudit.name, arn: securityAudit.arn, kind: 'aws-managed', document: parsePolicyDocument(securityAudit.document, securityAudit.name) };
    // GetCallerIdentity needs no permission: AWS answers it whatever the policies say.
    for (const action of everySent().filter((name) => name !== 'sts:GetCallerIdentity')) {
      expect(evaluateIdentityPolicies({ action, resource: '*' }, [source]).decision, action).toBe('Allowed');
    }
  });
});
