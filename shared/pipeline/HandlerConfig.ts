/**
 * Everything the handlers read from the environment, read once per container and checked at cold
 * start so a misconfigured stack fails loudly on its first event instead of half-working.
 */
import { DEFAULT_QUALIFIER_MODE, QUALIFIER_MODES } from '../account/records.ts';
import type { QualifierMode } from '../account/records.ts';
import type { AlertMessageStructure } from '../alerts/publishAlert.ts';
import type { RemediationMode, RemediationStyle } from '../remediation/RemediationPlan.ts';
import { ConfigurationError } from './errors.ts';

export interface HandlerConfig {
  /** SNS topic for alerts. */
  findingsTopicArn: string;
  remediationMode: RemediationMode;
  remediationStyle: RemediationStyle;
  /** Report what remediation would do, change nothing. */
  dryRun: boolean;
  trustedAccountIds: string[];
  /** TRUSTED_ORG_IDS: organizations trusted by cross-account-invoke (beside the account's own). */
  trustedOrgIds: string[];
  exemptionTagKey: string;
  /** The stack's own role ARNs: never remediated, and their changes never trigger remediation. */
  ownRoleArns: string[];
  /** DynamoDB table for idempotency by event id (and the role -> functions index). */
  idempotencyTableName: string;
  /**
   * POWERTOOLS_IDEMPOTENCY_DISABLED=true (a local run without a stack, scripts/invoke): the table is not
   * used at all, so there is no role index either and role changes list the region.
   */
  tableDisabled?: true;
  /** Lambda control-plane requests per second the whole stack may use (AuditApiRate). */
  auditApiRate: number;
  /**
   * This function's share of auditApiRate per container (LAMBDA_RATE_SHARE, default 1): with its
   * reserved concurrency, the template keeps the sum over all containers at most 1 (docs/deploy.md).
   */
  lambdaRateShare: number;
  /** SNS message structure: `text` (attributes delivered, filter policies work) or `per-protocol`. */
  alertMessageStructure: AlertMessageStructure;
  /**
   * Waits between re-reads of a role or function not visible yet (IAM is eventually consistent).
   * Unset: withVisibilityRetry's default (1 s, 2 s, 4 s). `VISIBILITY_RETRY_DELAYS_MS=0,0,0` in tests.
   */
  visibilityRetryDelaysMs?: number[];
  /** Functions per audit chunk (runAudit's default, 100, when unset). */
  auditChunkSize?: number;
  /** ROLE_CHANGE_CHUNK_SIZE: functions a role change reads per invocation (makeChangeHandler's default when unset). */
  roleChangeChunkSize?: number;
  /**
   * The stack's region (`AWS_REGION`, set by Lambda). Events are evaluated and labelled here: IAM
   * events forwarded from us-east-1 still say `us-east-1` in their envelope.
   */
  region?: string;
  /** MUTE_LIST_PARAMETER: the SSM parameter holding the mute list (README, "Muting findings"); unset = none. */
  muteListParameter?: string;
  /** CHECK_DOCS_URL: absolute https URL of docs/checks.md that alerts link to (the stack's CheckDocsUrl). */
  checkDocsUrl?: string;
  /**
   * AUDIT_QUALIFIERS (AuditQualifiers): which aliases and published versions the audit reads, as the
   * CLI's `--qualifiers`; default `aliases` (every alias and the versions aliases and mappings point at).
   */
  auditQualifiers: QualifierMode;
  /**
   * WATCHED_REGIONS (WatchedRegions): the regions the audit and role changes read beside the stack's
   * own, or `all` (every enabled region, account:ListRegions). Empty: the stack's region only.
   */
  watchedRegions: string[] | 'all';
  /** ORGANIZATION_MODE=true (template.yaml OrganizationMode, docs/organization.md): the stack is an organization's hub. */
  organization?: OrganizationConfig;
}

/** How the hub reaches the member accounts (their roles come from templates/organization-member.yaml). */
export interface OrganizationConfig {
  /** READ_ROLE_NAME: the role the hub reads a member account through. */
  readRoleName: string;
  /** REMEDIATION_ROLE_NAME: the role the hub remediates a member account through. */
  remediationRoleName: string;
  /** ORGANIZATION_ACCOUNT_IDS: the accounts the audit covers; empty = every account Organizations lists. */
  accountIds: string[];
  /** AUDIT_ACCOUNT_CONCURRENCY: accounts the audit reads at the same time. */
  accountConcurrency: number;
}

type Env = Record<string, string | undefined>;

export function readHandlerConfig(env: Env = process.env): HandlerConfig {
  const remediationMode = oneOf(env, 'REMEDIATION_MODE', ['notify', 'remediate'], 'notify');
  return {
    findingsTopicArn: required(env, 'FINDINGS_TOPIC_ARN'),
    remediationMode,
    remediationStyle: oneOf(env, 'REMEDIATION_STYLE', ['managed-policy', 'inline-scoped'], 'managed-policy'),
    dryRun: oneOf(env, 'DRY_RUN', ['true', 'false'], 'false') === 'true',
    trustedAccountIds: accountIds(env, 'TRUSTED_ACCOUNT_IDS'),
    trustedOrgIds: orgIds(env, 'TRUSTED_ORG_IDS'),
    exemptionTagKey: env.EXEMPTION_TAG_KEY?.trim() || 'keycard:exempt',
    ownRoleArns: ownRoleArns(env, remediationMode),
    idempotencyTableName: required(env, 'IDEMPOTENCY_TABLE_NAME'),
    ...(env.POWERTOOLS_IDEMPOTENCY_DISABLED?.trim().toLowerCase() === 'true' ? { tableDisabled: true as const } : {}),
    auditApiRate: positiveNumber(env, 'AUDIT_API_RATE', 10),
    lambdaRateShare: share(env, 'LAMBDA_RATE_SHARE'),
    alertMessageStructure: oneOf(env, 'ALERT_MESSAGE_STRUCTURE', ['text', 'per-protocol'], 'text'),
    ...delays(env, 'VISIBILITY_RETRY_DELAYS_MS'),
    ...(env.AUDIT_CHUNK_SIZE?.trim() ? { auditChunkSize: Math.ceil(positiveNumber(env, 'AUDIT_CHUNK_SIZE', 100)) } : {}),
    ...(env.ROLE_CHANGE_CHUNK_SIZE?.trim() ? { roleChangeChunkSize: Math.ceil(positiveNumber(env, 'ROLE_CHANGE_CHUNK_SIZE', 15)) } : {}),
    ...(env.AWS_REGION?.trim() ? { region: env.AWS_REGION.trim() } : {}),
    ...(env.MUTE_LIST_PARAMETER?.trim() ? { muteListParameter: env.MUTE_LIST_PARAMETER.trim() } : {}),
    ...checkDocsUrl(env, 'CHECK_DOCS_URL'),
    auditQualifiers: oneOf(env, 'AUDIT_QUALIFIERS', QUALIFIER_MODES, DEFAULT_QUALIFIER_MODE),
    watchedRegions: regions(env, 'WATCHED_REGIONS'),
    ...(oneOf(env, 'ORGANIZATION_MODE', ['true', 'false'], 'false') === 'true' ? { organization: organizationConfig(env) } : {}),
  };
}

/** `all`, or region names such as eu-west-1 (the stack's own region is always audited). */
function regions(env: Env, name: string): string[] | 'all' {
  if (env[name]?.trim() === 'all') return 'all';
  const names = list(env[name]);
  const bad = names.find((region) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region));
  if (bad !== undefined) throw new ConfigurationError(name, `contains "${bad}", expected "all" or region names such as eu-west-1,ap-southeast-2`);
  return [...new Set(names)];
}

function organizationConfig(env: Env): OrganizationConfig {
  const concurrency = positiveNumber(env, 'AUDIT_ACCOUNT_CONCURRENCY', 4);
  if (!Number.isInteger(concurrency) || concurrency > 20) {
    throw new ConfigurationError('AUDIT_ACCOUNT_CONCURRENCY', `is "${env.AUDIT_ACCOUNT_CONCURRENCY ?? ''}", expected a whole number from 1 to 20`);
  }
  return {
    readRoleName: roleName(env, 'READ_ROLE_NAME', 'KeycardReadRole'),
    remediationRoleName: roleName(env, 'REMEDIATION_ROLE_NAME', 'KeycardRemediationRole'),
    accountIds: accountIds(env, 'ORGANIZATION_ACCOUNT_IDS'),
    accountConcurrency: concurrency,
  };
}

/** An IAM role name (no path), as the member template names its roles. */
function roleName(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!/^[A-Za-z0-9+=,.@_-]{1,64}$/.test(value)) throw new ConfigurationError(name, `is "${value}", expected an IAM role name such as ${fallback}`);
  return value;
}

/**
 * The stack's roles. Required to remediate: without them Keycard could change its own roles or
 * react to its own changes (a loop).
 */
function ownRoleArns(env: Env, mode: RemediationMode): string[] {
  const arns = list(env.OWN_ROLE_ARNS);
  const bad = arns.find((arn) => !/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(arn));
  if (bad !== undefined) throw new ConfigurationError('OWN_ROLE_ARNS', `contains "${bad}", which is not an IAM role ARN`);
  if (mode === 'remediate' && arns.length === 0) {
    throw new ConfigurationError('OWN_ROLE_ARNS', "is empty but REMEDIATION_MODE=remediate: list the stack's role ARNs");
  }
  return arns;
}

function checkDocsUrl(env: Env, name: string): { checkDocsUrl?: string } {
  const value = env[name]?.trim();
  if (!value) return {};
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || url.hash !== '') {
    throw new ConfigurationError(name, `is "${value}", expected an https URL of docs/checks.md without a #fragment`);
  }
  return { checkDocsUrl: value };
}

function delays(env: Env, name: string): { visibilityRetryDelaysMs?: number[] } {
  const items = list(env[name]);
  if (items.length === 0) return {};
  const values = items.map(Number);
  if (values.some((ms) => !Number.isInteger(ms) || ms < 0)) {
    throw new ConfigurationError(name, `is "${env[name] ?? ''}", expected comma-separated milliseconds such as 1000,2000,4000`);
  }
  return { visibilityRetryDelaysMs: values };
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigurationError(name, 'is not set');
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(name, `is "${value}", expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function accountIds(env: Env, name: string): string[] {
  const ids = list(env[name]);
  const bad = ids.find((id) => !/^\d{12}$/.test(id));
  if (bad !== undefined) throw new ConfigurationError(name, `contains "${bad}", expected 12-digit account ids`);
  return ids;
}

function orgIds(env: Env, name: string): string[] {
  const ids = list(env[name]);
  const bad = ids.find((id) => !/^o-[a-z0-9]{10,32}$/.test(id));
  if (bad !== undefined) throw new ConfigurationError(name, `contains "${bad}", expected organization ids such as o-a1b2c3d4e5`);
  return ids;
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new ConfigurationError(name, `is "${value}", expected a positive number`);
  return parsed;
}

/** A fraction in (0, 1]; 1 when unset. */
function share(env: Env, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 1;
  const value = Number(raw);
  if (!(value > 0 && value <= 1)) throw new ConfigurationError(name, `is "${raw}", expected a fraction in (0, 1], e.g. 0.125`);
  return value;
}
