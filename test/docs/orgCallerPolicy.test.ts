/**
 * `keycard audit --live --org` makes calls in two places: in the calling account (who am I, the
 * organization's accounts, AssumeRole into each) and in each member account through its read role.
 * docs/keycard-org-caller-policy.json must allow exactly the first; the member's calls must be exactly
 * what docs/keycard-reader-policy.json allows (the read role's policy). The calls are recorded, not
 * listed by hand: the CLI runs through `run()` against a mocked organization whose every call is
 * noted with the account whose credentials signed it.
 */
import { readFileSync } from 'node:fs';
import * as organizationsSdk from '@aws-sdk/client-organizations';
import * as stsSdk from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../cli/run.ts';
import { evaluateIdentityPolicies, parsePolicyDocument } from '../../shared/policy/index.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { captureIO } from '../cli/captureIO.ts';
import { CALLER_ACCOUNT, CALLER_KEY, createOrganizationMock } from '../support/mockOrganization.ts';

const organization = createOrganizationMock();
const MEMBERS = ['111111111111', '222222222222', '333333333333'];

const load = (file: string): PolicySource => ({ name: file, kind: 'customer-managed', document: parsePolicyDocument(JSON.parse(readFileSync(file, 'utf8')), file) });
const actionsIn = (file: string): string[] => (JSON.parse(readFileSync(file, 'utf8')) as { Statement: { Action: string[] }[] }).Statement.flatMap((s) => s.Action).sort();
const caller = load('docs/keycard-org-caller-policy.json');
const allows = (policy: PolicySource, action: string, resource = '*') => evaluateIdentityPolicies({ action, resource }, [policy]).decision === 'Allowed';
const mayAllow = (policy: PolicySource, action: string, resource = '*') => evaluateIdentityPolicies({ action, resource }, [policy]).decision !== 'ImplicitlyDenied';

let inCaller: string[];
let inMembers: string[];

beforeAll(async () => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', CALLER_KEY);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'caller-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  organization.serve({ members: MEMBERS.map((id, i) => ({ id, name: `account-${i}`, functions: 3, public: i === 0, urlPolicy: true })) });
  const io = captureIO();
  expect(await run(['audit', '--live', '--org', '--api-rate', '15', '--format', 'json', '--quiet'], io)).toBe(1);
  const split = (inAccount: (account: string) => boolean) =>
    [...new Set(organization.calls.filter((c) => inAccount(c.split(' ')[0]!)).map((c) => c.split(' ')[1]!))].sort();
  inCaller = split((account) => account === CALLER_ACCOUNT);
  inMembers = split((account) => account !== CALLER_ACCOUNT);
});

afterAll(() => {
  organization.restore();
  vi.unstubAllEnvs();
});

describe('keycard audit --live --org: the calls in each account', () => {
  it('in the calling account: exactly what docs/keycard-org-caller-policy.json grants', () => {
    expect(inCaller).toEqual(['organizations:ListAccounts', 'sts:AssumeRole', 'sts:GetCallerIdentity']);
    expect(actionsIn('docs/keycard-org-caller-policy.json')).toEqual(inCaller);
    expect(allows(caller, 'organizations:ListAccounts')).toBe(true);
    expect(allows(caller, 'sts:GetCallerIdentity')).toBe(true);
  });

  it('the caller may assume only the read role, in any account', () => {
    for (const account of MEMBERS) expect(allows(caller, 'sts:AssumeRole', `arn:aws:iam::${account}:role/KeycardReadRole`)).toBe(true);
    expect(mayAllow(caller, 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole')).toBe(false);
    expect(mayAllow(caller, 'sts:AssumeRole', 'arn:aws:iam::111111111111:role/KeycardRemediationRole')).toBe(false);
  });

  it('the caller policy allows nothing else of Organizations or STS', () => {
    const needed = new Set(inCaller);
    const others = [
      ...Object.keys(organizationsSdk).filter((n) => /^[A-Z]\w*Command$/.test(n)).map((n) => `organizations:${n.replace(/Command$/, '')}`),
      ...Object.keys(stsSdk).filter((n) => /^[A-Z]\w*Command$/.test(n)).map((n) => `sts:${n.replace(/Command$/, '')}`),
    ].filter((action) => !needed.has(action));
    expect(others.length).toBeGreaterThan(50);
    expect(others.filter((action) => mayAllow(caller, action, 'arn:aws:iam::111111111111:role/KeycardReadRole'))).toEqual([]);
  });

  it('in the member accounts: exactly what docs/keycard-reader-policy.json (the read role\'s reads) grants', () => {
    expect(inMembers.length).toBeGreaterThan(3);
    expect(inMembers).toEqual(actionsIn('docs/keycard-reader-policy.json'));
  });
});
