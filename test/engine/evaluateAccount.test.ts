import { describe, expect, it, vi } from 'vitest';
import { crossAccountInvokeCheck } from '../../shared/checks/cross-account-invoke.ts';
import { confusedDeputyCheck } from '../../shared/checks/confused-deputy.ts';
import { evaluationIncompleteCheck } from '../../shared/checks/evaluation-incomplete.ts';
import { publicInvokeCheck } from '../../shared/checks/public-invoke.ts';
import type { Check, FunctionCheck, RoleCheck } from '../../shared/checks/types.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { ACCOUNT, accountFacts, functionFacts, policyOf, roleFacts } from '../checks/lock/lockFacts.ts';
import { ROLE_CHECKS, taggedRoleCheck } from './engineFixtures.ts';

const CHECKS_UNDER_TEST: Check[] = [...ROLE_CHECKS, publicInvokeCheck, crossAccountInvokeCheck, confusedDeputyCheck, evaluationIncompleteCheck];
const options = { trustedAccountIds: [] };
const fnArn = (name: string): string => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const roleArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** public-ordinary: public, plain role; admin-private: admin role, private; public-admin: both (worst case); ... */
function exampleAccount() {
  const roles = [
    roleFacts({ name: 'plain' }),
    roleFacts({ name: 'admin', tags: { power: 'admin-access' } }),
    roleFacts({ name: 'escalator', tags: { power: 'privilege-escalation' } }),
    roleFacts({ name: 'unused-admin', tags: { power: 'admin-access' } }),
  ];
  const functions = [
    functionFacts({ name: 'public-ordinary', roleArn: roleArn('plain'), resourcePolicy: policyOf('public-star') }),
    functionFacts({ name: 'admin-private', roleArn: roleArn('admin') }),
    functionFacts({ name: 'public-admin', roleArn: roleArn('admin'), resourcePolicy: policyOf('public-star') }),
    functionFacts({ name: 'partner-escalator', roleArn: roleArn('escalator'), resourcePolicy: policyOf('account-foreign-root') }),
    functionFacts({ name: 'deputy', roleArn: roleArn('plain'), resourcePolicy: policyOf('sns-unpinned') }),
  ];
  return accountFacts(functions, roles);
}

describe('evaluateAccount', () => {
  it('puts worst-case functions (reachable by others, powerful role) above all others', () => {
    const result = evaluateAccount(exampleAccount(), options, CHECKS_UNDER_TEST);
    expect(result.functions.map((f) => [f.functionName, f.exposure, f.rolePower, f.worstCase])).toEqual([
      ['public-admin', 'public', 'admin', true],
      ['partner-escalator', 'cross-account', 'privilege-escalation', true],
      ['public-ordinary', 'public', 'ordinary', false],
      ['admin-private', 'private', 'admin', false],
      ['deputy', 'private', 'ordinary', false],
    ]);
    expect(result.summary.worstCaseFunctions).toBe(2);
  });

  it('lists findings on worst-case functions first, then by severity, check id and ARN', () => {
    const result = evaluateAccount(exampleAccount(), options, CHECKS_UNDER_TEST);
    expect(result.findings.map((f) => [f.checkId, f.resourceArn])).toEqual([
      ['admin-access', roleArn('admin')], // affects public-admin (worst case)
      ['public-invoke', fnArn('public-admin')],
      ['privilege-escalation', roleArn('escalator')],
      ['cross-account-invoke', fnArn('partner-escalator')],
      ['public-invoke', fnArn('public-ordinary')], // critical, but on a function that is not worst case
      ['confused-deputy', fnArn('deputy')],
    ]);
  });

  it('gives every worst-case function a higher score than every other function', () => {
    const { functions } = evaluateAccount(exampleAccount(), options, CHECKS_UNDER_TEST);
    const worst = Math.min(...functions.filter((f) => f.worstCase).map((f) => f.riskScore));
    const rest = Math.max(...functions.filter((f) => !f.worstCase).map((f) => f.riskScore));
    expect(worst).toBeGreaterThan(rest);
    expect(functions.find((f) => f.functionName === 'public-ordinary')?.worstSeverity).toBe('critical');
    expect(functions.find((f) => f.functionName === 'deputy')?.worstSeverity).toBe('medium');
  });

  it('runs role checks once per role that serves a function, with the functions it serves', () => {
    const roleCheck = taggedRoleCheck('shared-execution-role', 'low');
    const evaluate = vi.spyOn(roleCheck, 'evaluate');
    const result = evaluateAccount(exampleAccount(), options, [roleCheck]);
    expect(evaluate.mock.calls.map(([role, fns]) => [role.name, fns.map((f) => f.name)])).toEqual([
      ['plain', ['public-ordinary', 'deputy']],
      ['admin', ['admin-private', 'public-admin']],
      ['escalator', ['partner-escalator']],
    ]);
    expect(result.summary.rolesEvaluated).toBe(3);
  });

  it('runs function checks once per function, with its role or undefined when unreadable', () => {
    const seen: [string, string | undefined][] = [];
    const fnCheck: FunctionCheck = {
      ...publicInvokeCheck,
      evaluate: (fn, role) => {
        seen.push([fn.name, role?.name]);
        return [];
      },
    };
    const account = exampleAccount();
    account.functions.push(functionFacts({ name: 'orphan', roleArn: roleArn('deleted') }));
    evaluateAccount(account, options, [fnCheck]);
    expect(seen).toEqual([
      ['public-ordinary', 'plain'],
      ['admin-private', 'admin'],
      ['public-admin', 'admin'],
      ['partner-escalator', 'escalator'],
      ['deputy', 'plain'],
      ['orphan', undefined],
    ]);
  });

  it('finds a role whose ARN differs only in case from the function\'s', () => {
    const roles = [roleFacts({ name: 'Admin', tags: { power: 'admin-access' } })];
    const account = accountFacts([functionFacts({ name: 'f', roleArn: roleArn('admin'), resourcePolicy: policyOf('public-star') })], roles);
    const result = evaluateAccount(account, options, CHECKS_UNDER_TEST);
    expect(result.functions[0]).toMatchObject({ rolePower: 'admin', worstCase: true });
  });

  it('calls each check\'s account-level pass once', () => {
    const account = exampleAccount();
    account.incomplete.push({ what: 'lambda/event-source-mappings.json', reason: 'missing' });
    const result = evaluateAccount(account, options, CHECKS_UNDER_TEST);
    expect(result.findings.filter((f) => f.resourceArn === `arn:aws:iam::${ACCOUNT}:root`)).toHaveLength(1);
  });

  it('counts findings by severity and by check, listing checks that found nothing', () => {
    const { summary } = evaluateAccount(exampleAccount(), options, CHECKS_UNDER_TEST);
    expect(summary).toEqual({
      accountId: ACCOUNT,
      region: 'us-east-1',
      functionsEvaluated: 5,
      rolesEvaluated: 3,
      findings: 6,
      bySeverity: { critical: 3, high: 1, medium: 2, low: 0, info: 0 },
      byCheck: {
        'admin-access': 1,
        'privilege-escalation': 1,
        'public-invoke': 2,
        'cross-account-invoke': 1,
        'confused-deputy': 1,
        'evaluation-incomplete': 0,
      },
      worstCaseFunctions: 2,
    });
  });

  it('honours trusted accounts', () => {
    const result = evaluateAccount(exampleAccount(), { trustedAccountIds: ['444455556666'] }, CHECKS_UNDER_TEST);
    expect(result.functions.find((f) => f.functionName === 'partner-escalator')).toMatchObject({ exposure: 'private', worstCase: false });
  });

  it('is deterministic: the same facts give the same result', () => {
    expect(evaluateAccount(exampleAccount(), options, CHECKS_UNDER_TEST)).toEqual(evaluateAccount(exampleAccount(), options, CHECKS_UNDER_TEST));
  });

  it('evaluates an empty account', () => {
    const result = evaluateAccount(accountFacts([], []), options, CHECKS_UNDER_TEST);
    expect(result.findings).toEqual([]);
    expect(result.functions).toEqual([]);
    expect(result.summary.findings).toBe(0);
  });

  it('uses the registry by default', () => {
    const result = evaluateAccount(accountFacts([functionFacts({ resourcePolicy: policyOf('public-star') })]), options);
    expect(result.findings.some((f) => f.checkId === 'public-invoke')).toBe(true);
  });

  it('keeps role checks unaware of roles that serve no function', () => {
    const spy: RoleCheck = taggedRoleCheck('admin-access', 'critical');
    const evaluate = vi.spyOn(spy, 'evaluate');
    evaluateAccount(exampleAccount(), options, [spy]);
    expect(evaluate.mock.calls.some(([role]) => role.name === 'unused-admin')).toBe(false);
  });
});

describe('a door that could not be read', () => {
  const unreadLock = { what: 'resource policy (GetPolicy unread-lock) of function unread-lock', reason: 'access denied: not authorized', cause: 'denied' as const };
  const unreadRolePolicy = { what: 'managed policy arn:aws:iam::aws:policy/X attached to role unread-role', reason: 'throttled (Throttling: Rate exceeded)', cause: 'throttled' as const };
  const account = () =>
    accountFacts(
      [
        functionFacts({ name: 'unread-lock', roleArn: roleArn('plain') }),
        functionFacts({ name: 'private-plain', roleArn: roleArn('plain') }),
        functionFacts({ name: 'unread-keycard', roleArn: roleArn('unread-role') }),
        functionFacts({ name: 'public-unread-admin', roleArn: roleArn('admin'), resourcePolicy: policyOf('public-star') }),
      ].map((fn) => (fn.name === 'unread-lock' ? { ...fn, incomplete: [unreadLock] } : fn)),
      [roleFacts({ name: 'plain' }), roleFacts({ name: 'unread-role', incomplete: [unreadRolePolicy] }), roleFacts({ name: 'admin', tags: { power: 'admin-access' } })],
    );

  it('rolls an unread lock up as exposure unknown, ranked above private, never as safe', () => {
    const result = evaluateAccount(account(), options, CHECKS_UNDER_TEST);
    const risk = (name: string) => result.functions.find((f) => f.functionName === name)!;
    expect(risk('unread-lock')).toMatchObject({ exposure: 'unknown', rolePower: 'ordinary', worstCase: false, worstSeverity: 'medium' });
    expect(risk('private-plain').exposure).toBe('private');
    expect(risk('unread-lock').riskScore).toBeGreaterThan(risk('private-plain').riskScore);
    // Its finding says why, under the lock, at a severity shown by default.
    expect(result.findings).toContainEqual(expect.objectContaining({ checkId: 'evaluation-incomplete', door: 'resource-policy', resourceArn: fnArn('unread-lock'), severity: 'medium' }));
  });

  it('rolls an unread keycard up as rolePower unknown; a known grant still wins', () => {
    const result = evaluateAccount(account(), options, CHECKS_UNDER_TEST);
    const risk = (name: string) => result.functions.find((f) => f.functionName === name)!;
    expect(risk('unread-keycard')).toMatchObject({ exposure: 'private', rolePower: 'unknown', worstCase: false });
    expect(risk('public-unread-admin')).toMatchObject({ exposure: 'public', rolePower: 'admin', worstCase: true });
  });
});
