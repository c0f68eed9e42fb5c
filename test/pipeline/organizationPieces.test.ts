/**
 * The pure pieces of organization mode: its configuration, the order accounts are listed in, and
 * the continuation an organization audit hands the next invocation.
 */
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../shared/checks/types.ts';
import type { AccountAuditLine } from '../../shared/engine/AccountAuditLine.ts';
import { worstAccountsFirst } from '../../shared/engine/worstAccountsFirst.ts';
import { ConfigurationError, PipelineError } from '../../shared/pipeline/errors.ts';
import { readHandlerConfig } from '../../shared/pipeline/HandlerConfig.ts';
import { parseOrganizationAuditContinuation } from '../../shared/pipeline/parseOrganizationAuditContinuation.ts';

const base = { FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings', IDEMPOTENCY_TABLE_NAME: 'keycard-idempotency' };

describe('readHandlerConfig: organization mode', () => {
  it('is off unless ORGANIZATION_MODE=true, whatever the other organization variables say', () => {
    expect(readHandlerConfig({ ...base, READ_ROLE_NAME: 'X', ORGANIZATION_MODE: 'false' }).organization).toBeUndefined();
    expect(readHandlerConfig(base).organization).toBeUndefined();
  });

  it('reads the role names, the account list and the concurrency, with the template defaults', () => {
    expect(readHandlerConfig({ ...base, ORGANIZATION_MODE: 'true' }).organization).toEqual({
      readRoleName: 'KeycardReadRole',
      remediationRoleName: 'KeycardRemediationRole',
      accountIds: [],
      accountConcurrency: 4,
    });
    expect(
      readHandlerConfig({ ...base, ORGANIZATION_MODE: 'true', READ_ROLE_NAME: 'SecReader', ORGANIZATION_ACCOUNT_IDS: '444455556666, 777788889999', AUDIT_ACCOUNT_CONCURRENCY: '8' }).organization,
    ).toMatchObject({ readRoleName: 'SecReader', accountIds: ['444455556666', '777788889999'], accountConcurrency: 8 });
  });

  it.each([
    ['ORGANIZATION_MODE', 'yes'],
    ['READ_ROLE_NAME', 'role/KeycardReadRole'],
    ['ORGANIZATION_ACCOUNT_IDS', '4444'],
    ['AUDIT_ACCOUNT_CONCURRENCY', '2.5'],
    ['AUDIT_ACCOUNT_CONCURRENCY', '21'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => readHandlerConfig({ ...base, ORGANIZATION_MODE: 'true', [name]: value })).toThrow(ConfigurationError);
    expect(() => readHandlerConfig({ ...base, ORGANIZATION_MODE: 'true', [name]: value })).toThrow(name);
  });
});

const line = (accountId: string, parts: Partial<AccountAuditLine> = {}): AccountAuditLine => ({
  accountId,
  status: 'audited',
  functionsEvaluated: 1,
  rolesEvaluated: 1,
  findings: 0,
  bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as AccountAuditLine['bySeverity'],
  worstCaseFunctions: 0,
  ...parts,
});
const counts = (partial: Partial<AccountAuditLine['bySeverity']>) => ({ ...line('0').bySeverity, ...partial });

describe('worstAccountsFirst', () => {
  it('lists unreadable accounts first, then by worst-case functions, then severity by severity, then by id', () => {
    const ordered = worstAccountsFirst([
      line('100000000001'),
      line('100000000002', { findings: 5, bySeverity: counts({ high: 5 }) }),
      line('100000000003', { findings: 1, bySeverity: counts({ critical: 1 }) }),
      line('100000000004', { status: 'unreadable', reason: 'denied' }),
      line('100000000005', { findings: 1, worstCaseFunctions: 1, bySeverity: counts({ low: 1 }) }),
      line('100000000000'),
    ]);
    expect(ordered.map((l) => l.accountId)).toEqual(['100000000004', '100000000005', '100000000003', '100000000002', '100000000000', '100000000001']);
  });
});

describe('parseOrganizationAuditContinuation', () => {
  const valid = {
    auditId: 'a1',
    invocation: 1,
    startedAt: '2026-12-06T08:00:00.000Z',
    accounts: [{ id: '444455556666', name: 'prod', status: 'ACTIVE' }, { id: '777788889999' }],
    done: [line('444455556666')],
    inProgress: [],
    byCheck: { 'admin-access': 0 },
    worst: [],
    worstCaseFunctionArns: [],
  };

  it('is undefined for any other payload, and returns a continuation Keycard wrote', () => {
    expect(parseOrganizationAuditContinuation({})).toBeUndefined();
    expect(parseOrganizationAuditContinuation({ continuation: {} })).toBeUndefined();
    expect(parseOrganizationAuditContinuation({ organizationContinuation: valid })).toEqual(valid);
  });

  it.each([
    ['accounts', { accounts: [{ id: 'prod' }] }],
    ['done', { done: [{ accountId: '444455556666', status: 'fine' }] }],
    ['invocation', { invocation: 0 }],
    ['inProgress', { inProgress: [{ accountId: 'x' }] }],
  ])('names the field that is wrong (%s)', (field, change) => {
    expect(() => parseOrganizationAuditContinuation({ organizationContinuation: { ...valid, ...change } })).toThrow(PipelineError);
    expect(() => parseOrganizationAuditContinuation({ organizationContinuation: { ...valid, ...change } })).toThrow(`${field} is missing or of the wrong type`);
  });

  it("checks each started account's own continuation as a single-account one", () => {
    const broken = { ...valid, inProgress: [{ accountId: '777788889999', continuation: { auditId: 'b' } }] };
    expect(() => parseOrganizationAuditContinuation({ organizationContinuation: broken })).toThrow(/startAfter/);
  });
});
