import type { CheckOptions, Finding } from '../checks/types.ts';
import type { AuditResult } from '../engine/AuditResult.ts';
import { evaluateAccount } from '../engine/evaluateAccount.ts';
import { summarize } from '../engine/summarize.ts';
import { buildTemplateFacts } from './buildTemplateFacts.ts';
import { locateFinding } from './locateFinding.ts';
import type { ManagedPolicyLookup } from './ManagedPolicyLookup.ts';
import type { ParsedTemplate } from './parseTemplate.ts';
import type { ScanSettings } from './ScanSettings.ts';

export interface ScanResult {
  result: AuditResult;
  /** AWS managed policies read from the offline catalogue: ARN -> version id. */
  managedPoliciesUsed: Map<string, string>;
}

/**
 * Templates -> the AuditResult `audit` would give for the account they create, by the same engine
 * and checks, each finding placed at its template line.
 */
export function scanTemplates(templates: readonly ParsedTemplate[], settings: ScanSettings, options: CheckOptions, lookup: ManagedPolicyLookup): ScanResult {
  const { facts, locations, managedPoliciesUsed } = buildTemplateFacts(templates, settings, lookup);
  const audited = evaluateAccount(facts, options);
  const roleOfFunction = new Map(facts.functions.map((fn) => [fn.arn, fn.roleArn]));
  const findings = mergeInvisibleRoles(audited.findings).map((finding) => {
    const location = locateFinding(finding, locations, roleOfFunction);
    return location ? { ...finding, location } : finding;
  });
  const summary = summarize(findings, { ...audited.summary, checkIds: Object.keys(audited.summary.byCheck) });
  return { result: { ...audited, findings, summary }, managedPoliciesUsed };
}

const INVISIBLE_ROLE = /^execution role (\S+) could not be read/;

/**
 * A role the template only references by ARN is one gap, not one per function using it: the
 * engine's per-function "could not be read" findings for the same role are merged, and say why.
 */
function mergeInvisibleRoles(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  const out: Finding[] = [];
  for (const finding of findings) {
    const roleArn = finding.checkId === 'evaluation-incomplete' ? INVISIBLE_ROLE.exec(finding.evidence[0]?.note ?? '')?.[1] : undefined;
    if (roleArn === undefined) {
      out.push(finding);
      continue;
    }
    const first = merged.get(roleArn);
    if (first) {
      first.functionArns.push(...finding.functionArns);
      continue;
    }
    const copy: Finding = {
      ...finding,
      functionArns: [...finding.functionArns],
      evidence: [{ source: 'function-configuration', note: `execution role ${roleArn} could not be read: the template references it by ARN only, so it is not visible to keycard scan; role checks did not run` }],
    };
    merged.set(roleArn, copy);
    out.push(copy);
  }
  for (const [roleArn, finding] of merged) {
    const names = finding.functionArns.map((arn) => arn.slice(arn.lastIndexOf(':') + 1)).join(', ');
    finding.detail = `Execution role ${roleArn} (used by ${names}) is referenced by ARN only: not visible to keycard scan; role checks did not run for ${finding.functionArns.length === 1 ? 'this function' : 'these functions'}.`;
  }
  return out;
}
