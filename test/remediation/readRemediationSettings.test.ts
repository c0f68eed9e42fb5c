import { describe, expect, it } from 'vitest';
import { RemediationSettingsError } from '../../shared/remediation/errors.ts';
import { readRemediationSettings } from '../../shared/remediation/readRemediationSettings.ts';

const OWN = 'arn:aws:iam::111122223333:role/keycard-OnRoleChangeFunctionRole-1A2B3C';

describe('readRemediationSettings', () => {
  it('defaults to notify, managed policy, no dry run', () => {
    expect(readRemediationSettings({})).toEqual({ mode: 'notify', style: 'managed-policy', dryRun: false, exemptionTagKey: 'keycard:exempt', ownRoleArns: [] });
  });

  it('reads every variable', () => {
    expect(
      readRemediationSettings({
        REMEDIATION_MODE: 'remediate',
        REMEDIATION_STYLE: 'inline-scoped',
        REMEDIATION_DRY_RUN: 'true',
        EXEMPTION_TAG_KEY: 'security:exempt',
        KEYCARD_OWN_ROLE_ARNS: ` ${OWN}, arn:aws:iam::111122223333:role/keycard-AuditFunctionRole-9Z `,
      }),
    ).toEqual({
      mode: 'remediate',
      style: 'inline-scoped',
      dryRun: true,
      exemptionTagKey: 'security:exempt',
      ownRoleArns: [OWN, 'arn:aws:iam::111122223333:role/keycard-AuditFunctionRole-9Z'],
    });
  });

  it.each([
    [{ REMEDIATION_MODE: 'fix' }, /REMEDIATION_MODE="fix" is not valid; use one of: notify, remediate/],
    [{ REMEDIATION_STYLE: 'inline' }, /REMEDIATION_STYLE="inline"/],
    [{ REMEDIATION_DRY_RUN: 'yes' }, /REMEDIATION_DRY_RUN="yes"/],
    [{ KEYCARD_OWN_ROLE_ARNS: 'keycard-role' }, /"keycard-role" is not an IAM role ARN/],
    [{ REMEDIATION_MODE: 'remediate' }, /KEYCARD_OWN_ROLE_ARNS is empty but REMEDIATION_MODE=remediate/],
  ])('fails fast on %j', (env, message) => {
    expect(() => readRemediationSettings(env)).toThrow(RemediationSettingsError);
    expect(() => readRemediationSettings(env)).toThrow(message);
  });
});
