/**
 * Remediation settings from the environment, read once at cold start; fails fast with the variable's
 * name. Variables (set by template.yaml): REMEDIATION_MODE (notify | remediate, default notify),
 * REMEDIATION_STYLE (managed-policy | inline-scoped, default managed-policy), REMEDIATION_DRY_RUN
 * (true | false, default false), EXEMPTION_TAG_KEY (default keycard:exempt), KEYCARD_OWN_ROLE_ARNS
 * (comma-separated role ARNs; required when REMEDIATION_MODE=remediate).
 */
import { RemediationSettingsError } from './errors.ts';
import type { RemediationMode, RemediationSettings, RemediationStyle } from './RemediationPlan.ts';

export const DEFAULT_EXEMPTION_TAG_KEY = 'keycard:exempt';

export function readRemediationSettings(env: Record<string, string | undefined>): RemediationSettings {
  const mode = oneOf<RemediationMode>(env, 'REMEDIATION_MODE', ['notify', 'remediate'], 'notify');
  const style = oneOf<RemediationStyle>(env, 'REMEDIATION_STYLE', ['managed-policy', 'inline-scoped'], 'managed-policy');
  const dryRun = oneOf(env, 'REMEDIATION_DRY_RUN', ['true', 'false'], 'false') === 'true';
  const exemptionTagKey = (env['EXEMPTION_TAG_KEY'] ?? '').trim() || DEFAULT_EXEMPTION_TAG_KEY;
  const ownRoleArns = (env['KEYCARD_OWN_ROLE_ARNS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = ownRoleArns.find((arn) => !/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(arn));
  if (bad !== undefined) {
    throw new RemediationSettingsError(`KEYCARD_OWN_ROLE_ARNS: "${bad}" is not an IAM role ARN; list the stack's role ARNs separated by commas.`);
  }
  if (mode === 'remediate' && ownRoleArns.length === 0) {
    throw new RemediationSettingsError(
      "KEYCARD_OWN_ROLE_ARNS is empty but REMEDIATION_MODE=remediate: set it to the stack's role ARNs so Keycard never changes its own roles or reacts to its own changes.",
    );
  }
  return { mode, style, dryRun, exemptionTagKey, ownRoleArns };
}

function oneOf<T extends string>(env: Record<string, string | undefined>, name: string, allowed: readonly T[], fallback: T): T {
  const raw = (env[name] ?? '').trim();
  if (raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new RemediationSettingsError(`${name}="${raw}" is not valid; use one of: ${allowed.join(', ')}.`);
}
