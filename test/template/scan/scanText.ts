import type { Finding } from '../../../shared/checks/types.ts';
import { parseTemplate } from '../../../shared/template/parseTemplate.ts';
import { scanTemplates, type ScanResult } from '../../../shared/template/scanTemplates.ts';
import type { ScanSettings } from '../../../shared/template/ScanSettings.ts';
import { createManagedPolicyLookup } from '../../../cli/commands/scanManagedPolicies.ts';

export const ACCOUNT = '111122223333';
const lookup = createManagedPolicyLookup();

/** Scans one template given as text (file name `template.yaml`), account 111122223333 in us-east-1. */
export function scanText(text: string, settings: Partial<ScanSettings> = {}, trustedAccountIds: string[] = []): ScanResult {
  const template = parseTemplate(text, 'template.yaml');
  return scanTemplates([template], { accountId: ACCOUNT, region: 'us-east-1', parameterOverrides: {}, ...settings }, { trustedAccountIds }, lookup);
}

/** `check-id@line` for each finding, sorted: what a test pins. */
export function firing(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.checkId}@${f.location?.line ?? '?'}`).sort();
}

/** YAML with the common indentation of a template literal removed. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return text.split('\n').map((l) => l.slice(indent)).join('\n');
}
