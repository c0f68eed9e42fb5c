import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../shared/pipeline/errors.ts';
import { readHandlerConfig } from '../../shared/pipeline/HandlerConfig.ts';

const base = {
  FINDINGS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:keycard-findings',
  IDEMPOTENCY_TABLE_NAME: 'keycard-idempotency',
};

describe('readHandlerConfig', () => {
  it('applies safe defaults: notify only, managed policy style, no dry run', () => {
    expect(readHandlerConfig(base)).toEqual({
      findingsTopicArn: base.FINDINGS_TOPIC_ARN,
      remediationMode: 'notify',
      remediationStyle: 'managed-policy',
      dryRun: false,
      trustedAccountIds: [],
      trustedOrgIds: [],
      exemptionTagKey: 'keycard:exempt',
      ownRoleArns: [],
      idempotencyTableName: 'keycard-idempotency',
      auditApiRate: 10,
      lambdaRateShare: 1,
      alertMessageStructure: 'text',
      auditQualifiers: 'aliases',
      watchedRegions: [],
    });
  });

  it('reads every setting', () => {
    const config = readHandlerConfig({
      ...base,
      REMEDIATION_MODE: 'remediate',
      REMEDIATION_STYLE: 'inline-scoped',
      DRY_RUN: 'true',
      TRUSTED_ACCOUNT_IDS: '444455556666, 777788889999',
      TRUSTED_ORG_IDS: 'o-a1b2c3d4e5, o-f6g7h8i9j0',
      EXEMPTION_TAG_KEY: 'security:exempt',
      OWN_ROLE_ARNS: 'arn:aws:iam::111122223333:role/a,arn:aws:iam::111122223333:role/b',
      AUDIT_API_RATE: '5',
      LAMBDA_RATE_SHARE: '0.125',
      ALERT_MESSAGE_STRUCTURE: 'per-protocol',
      AWS_REGION: 'eu-west-1',
      ROLE_CHANGE_CHUNK_SIZE: '25',
      POWERTOOLS_IDEMPOTENCY_DISABLED: 'true',
      CHECK_DOCS_URL: 'https://github.com/example/lambda-keycard/blob/v1.2.0/docs/checks.md',
      AUDIT_QUALIFIERS: 'all',
      WATCHED_REGIONS: 'us-east-1, ap-southeast-2',
    });
    expect(config).toMatchObject({
      remediationMode: 'remediate',
      remediationStyle: 'inline-scoped',
      dryRun: true,
      trustedAccountIds: ['444455556666', '777788889999'],
      trustedOrgIds: ['o-a1b2c3d4e5', 'o-f6g7h8i9j0'],
      exemptionTagKey: 'security:exempt',
      ownRoleArns: ['arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b'],
      auditApiRate: 5,
      lambdaRateShare: 0.125,
      alertMessageStructure: 'per-protocol',
      region: 'eu-west-1',
      roleChangeChunkSize: 25,
      tableDisabled: true,
      checkDocsUrl: 'https://github.com/example/lambda-keycard/blob/v1.2.0/docs/checks.md',
      auditQualifiers: 'all',
      watchedRegions: ['us-east-1', 'ap-southeast-2'],
    });
    expect(readHandlerConfig({ ...base, WATCHED_REGIONS: 'all' }).watchedRegions).toBe('all');
  });

  it.each([
    [{ FINDINGS_TOPIC_ARN: '' }, /FINDINGS_TOPIC_ARN is not set/],
    [{ IDEMPOTENCY_TABLE_NAME: undefined }, /IDEMPOTENCY_TABLE_NAME is not set/],
    [{ REMEDIATION_MODE: 'fix-everything' }, /REMEDIATION_MODE is "fix-everything", expected one of notify, remediate/],
    [{ REMEDIATION_STYLE: 'inline' }, /REMEDIATION_STYLE/],
    [{ DRY_RUN: 'yes' }, /DRY_RUN/],
    [{ TRUSTED_ACCOUNT_IDS: '12345' }, /TRUSTED_ACCOUNT_IDS contains "12345", expected 12-digit account ids/],
    [{ TRUSTED_ORG_IDS: '444455556666' }, /TRUSTED_ORG_IDS contains "444455556666", expected organization ids such as o-a1b2c3d4e5/],
    [{ AUDIT_API_RATE: '0' }, /AUDIT_API_RATE is "0", expected a positive number/],
    [{ ROLE_CHANGE_CHUNK_SIZE: '-3' }, /ROLE_CHANGE_CHUNK_SIZE is "-3", expected a positive number/],
    [{ LAMBDA_RATE_SHARE: '2' }, /LAMBDA_RATE_SHARE is "2", expected a fraction in \(0, 1\]/],
    [{ ALERT_MESSAGE_STRUCTURE: 'json' }, /ALERT_MESSAGE_STRUCTURE is "json", expected one of text, per-protocol/],
    [{ OWN_ROLE_ARNS: 'keycard-audit-role' }, /OWN_ROLE_ARNS contains "keycard-audit-role", which is not an IAM role ARN/],
    [{ CHECK_DOCS_URL: 'docs/checks.md' }, /CHECK_DOCS_URL is "docs\/checks.md", expected an https URL/],
    [{ CHECK_DOCS_URL: 'http://example.com/checks.md' }, /CHECK_DOCS_URL is "http:/],
    [{ CHECK_DOCS_URL: 'https://example.com/checks.md#admin-access' }, /without a #fragment/],
    [{ REMEDIATION_MODE: 'remediate' }, /OWN_ROLE_ARNS is empty but REMEDIATION_MODE=remediate/],
    [{ AUDIT_QUALIFIERS: 'some' }, /AUDIT_QUALIFIERS is "some", expected one of latest, aliases, all/],
    [{ WATCHED_REGIONS: 'eu-west-1,Europe' }, /WATCHED_REGIONS contains "Europe", expected "all" or region names/],
  ])('fails fast on %o', (override, message) => {
    expect(() => readHandlerConfig({ ...base, ...override })).toThrow(ConfigurationError);
    expect(() => readHandlerConfig({ ...base, ...override })).toThrow(message);
  });
});
