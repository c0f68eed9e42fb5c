import { readFileSync } from 'node:fs';
import type { Finding } from '../../shared/checks/types.ts';
import type { FunctionFacts, RoleFacts } from '../../shared/facts/types.ts';
import type { RemediationSettings } from '../../shared/remediation/RemediationPlan.ts';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

export const ROLES = read('roles.json') as Record<string, RoleFacts>;
export const FN = read('function.json') as FunctionFacts;
export const FINDING = read('finding.json') as Finding;
export const OWN_ROLE_ARN = 'arn:aws:iam::111122223333:role/keycard-OnRoleChangeFunctionRole-1A2B3C';

export function role(name: string): RoleFacts {
  const r = ROLES[name];
  if (r === undefined) throw new Error(`no role fixture ${name}`);
  return structuredClone(r);
}

export function settings(overrides: Partial<RemediationSettings> = {}): RemediationSettings {
  return { mode: 'remediate', style: 'managed-policy', dryRun: false, exemptionTagKey: 'keycard:exempt', ownRoleArns: [OWN_ROLE_ARN], ...overrides };
}
