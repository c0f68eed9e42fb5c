/**
 * Everything the handlers read from the environment, read once per container and checked at cold
 * start so a misconfigured stack fails loudly on its first event instead of half-working.
 */
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
  };
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
