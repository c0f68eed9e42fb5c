import { describe, expect, it } from 'vitest';
import type { AccountRecords, ReadProblem } from '../../shared/account/records.ts';
import { evaluationIncompleteCheck } from '../../shared/checks/evaluation-incomplete.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { toAccountFacts } from '../../shared/facts/toAccountFacts.ts';
import type { FunctionFacts, RoleFacts } from '../../shared/facts/types.ts';
import { ACCOUNT, FN_ARN, ROLE_ARN, accountFacts, contextFor, functionFacts, policyOf, roleFacts, url } from './lock/lockFacts.ts';

const evaluateFunction = (fn: FunctionFacts, role: RoleFacts | undefined) =>
  evaluationIncompleteCheck.evaluate(fn, role, contextFor(accountFacts([fn])));

const unsupportedPolicy = {
  name: 'odd-inline',
  kind: 'inline' as const,
  document: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Odd', Effect: 'Allow' as const, Action: 's3:GetObject', Resource: '*', Condition: { StringStartsWith: { 's3:prefix': 'home/' } } }],
  },
};

describe('evaluation-incomplete', () => {
  it.each([
    ['a gap recorded on the function', functionFacts({ incomplete: [{ what: 'resource policy of function fn', reason: 'AccessDeniedException' }] }), roleFacts(), 'AccessDeniedException'],
    ['an execution role that could not be read', functionFacts(), undefined, ROLE_ARN],
    ['an unsupported condition operator in the resource policy', functionFacts({ resourcePolicy: policyOf('unsupported-operator') }), roleFacts(), 'StringStartsWith'],
    ['a principal that cannot be attributed to an account', functionFacts({ resourcePolicy: policyOf('account-deleted-role') }), roleFacts(), 'AROAEXAMPLEUNIQUEID01'],
    ['a public URL on an alias whose policy was not read', functionFacts({ functionUrls: [url('NONE', `${FN_ARN}:live`)], resourcePolicy: policyOf('url-public') }), roleFacts(), `${FN_ARN}:live`],
  ])('reports %s, once, on the function', (_name, fn, role, mention) => {
    const findings = evaluateFunction(fn, role);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ checkId: 'evaluation-incomplete', severity: 'info', resourceArn: FN_ARN, functionArns: [FN_ARN] });
    expect(findings[0]?.detail).toContain(mention);
  });

  it.each([
    ['a fully read function with a supported policy', functionFacts({ resourcePolicy: policyOf('s3-pinned', 'account-foreign-root') })],
    ['an alias URL whose alias statement was read', functionFacts({ functionUrls: [url('NONE', `${FN_ARN}:live`)], resourcePolicy: policyOf('url-public-alias') })],
    ['an IAM-authenticated alias URL', functionFacts({ functionUrls: [url('AWS_IAM', `${FN_ARN}:live`)] })],
  ])('is quiet for %s', (_name, fn) => {
    expect(evaluateFunction(fn, roleFacts())).toEqual([]);
  });

  it('reports one finding per gap', () => {
    const fn = functionFacts({
      incomplete: [
        { what: 'resource policy of function fn', reason: 'AccessDeniedException' },
        { what: 'function URL configs of function fn', reason: 'file lambda/url-configs/fn.json is not valid JSON' },
      ],
    });
    expect(evaluateFunction(fn, undefined)).toHaveLength(3);
  });

  it('files an unreadable execution role under the role door, with a command to read it', () => {
    const [finding] = evaluateFunction(functionFacts(), undefined);
    expect(finding).toMatchObject({ door: 'role', remediation: { cli: 'aws iam get-role --role-name fn-role' } });
  });

  describe('one finding per cause, from records', () => {
    const records = (problems: ReadProblem[]): AccountRecords => ({
      roles: [],
      managedPolicies: new Map(),
      functions: [{ FunctionName: 'fn', FunctionArn: FN_ARN, Role: ROLE_ARN }],
      resourcePolicies: new Map(),
      urlConfigs: new Map(),
      eventSourceMappings: [],
      problems,
    });
    const gapsOf = (problems: ReadProblem[]) =>
      evaluateAccount(toAccountFacts({ accountId: ACCOUNT, region: 'us-east-1', partition: 'aws' }, records(problems)), { trustedAccountIds: [] }).findings.filter(
        (f) => f.checkId === 'evaluation-incomplete',
      );

    it('reports a deleted execution role once, on the role door of its function', () => {
      expect(gapsOf([])).toEqual([
        expect.objectContaining({ door: 'role', resourceArn: FN_ARN, remediation: expect.objectContaining({ cli: 'aws iam get-role --role-name fn-role' }) }),
      ]);
    });

    it.each(['denied', 'throttled', 'failed'] as const)('raises a read that %s to medium, shown at the default minimum severity', (cause) => {
      const reason = { denied: 'access denied: not authorized', throttled: 'throttled (TooManyRequestsException: Rate exceeded)', failed: 'read failed (socket hang up)' }[cause];
      const findings = gapsOf([{ subject: { kind: 'function', name: 'fn' }, what: 'resource policy (GetPolicy fn)', reason, cause }]);
      const lockGap = findings.find((f) => f.door === 'resource-policy');
      expect(lockGap).toMatchObject({ severity: 'medium', detail: expect.stringContaining(reason) });
      // The role gap of the same function (deleted role, nothing failed) stays informational.
      expect(findings.find((f) => f.door === 'role')?.severity).toBe('info');
    });

    it('reports an execution role whose read was denied once, with the reason, not again on the account', () => {
      const findings = gapsOf([{ subject: { kind: 'role', name: 'fn-role' }, what: 'role (iam:GetRole)', reason: 'access denied: not authorized' }]);
      expect(findings).toEqual([expect.objectContaining({ door: 'role', resourceArn: FN_ARN, detail: expect.stringContaining('access denied: not authorized') })]);
    });
  });

  describe('once per account', () => {
    it('reports account-level gaps on the account root ARN', () => {
      const account = accountFacts([], [], [{ what: 'lambda/event-source-mappings.json', reason: 'file missing' }]);
      const findings = evaluationIncompleteCheck.evaluateAccount?.(contextFor(account)) ?? [];
      expect(findings).toEqual([
        expect.objectContaining({ resourceArn: `arn:aws:iam::${ACCOUNT}:root`, functionArns: [], detail: expect.stringContaining('file missing') }),
      ]);
    });

    it('reports role gaps with the functions the role serves, and gaps of roles that serve none', () => {
      const used = roleFacts({ incomplete: [{ what: 'inline policy x of role fn-role', reason: 'AccessDenied' }] });
      const unused = roleFacts({ name: 'idle', incomplete: [{ what: 'trust policy of role idle', reason: 'malformed' }] });
      const fn = functionFacts();
      const findings = evaluationIncompleteCheck.evaluateAccount?.(contextFor(accountFacts([fn], [used, unused]))) ?? [];
      expect(findings.map((f) => [f.resourceArn, f.functionArns])).toEqual([
        [ROLE_ARN, [FN_ARN]],
        [`arn:aws:iam::${ACCOUNT}:role/idle`, []],
      ]);
    });

    it('reports unsupported operators in the policies of roles that serve a function only', () => {
      const used = roleFacts({ policies: [unsupportedPolicy] });
      const unused = roleFacts({ name: 'idle', policies: [unsupportedPolicy] });
      const findings = evaluationIncompleteCheck.evaluateAccount?.(contextFor(accountFacts([functionFacts()], [used, unused]))) ?? [];
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ resourceArn: ROLE_ARN, evidence: [{ source: 'odd-inline', statementSid: 'Odd', statementIndex: 0 }] });
      expect(findings[0]?.remediation.cli).toBe('aws iam get-role --role-name fn-role');
    });
  });
});
