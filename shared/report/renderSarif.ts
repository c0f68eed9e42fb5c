/**
 * SARIF 2.1.0 for code-scanning dashboards. Audit results carry logical locations (ARNs); scan
 * results also carry the template file and line as a physical location. One rule per registered check.
 */
import { createHash } from 'node:crypto';
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { CHECKS } from '../checks/registry.ts';
import type { CheckMetadata, Finding, Severity } from '../checks/types.ts';
import type { AuditResult } from '../engine/AuditResult.ts';
import { escapeControl, escapeControlInJson } from './escapeControl.ts';
import { shortName } from './shortName.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface RenderSarifOptions {
  /** Rule metadata; defaults to the check registry. */
  checks?: readonly CheckMetadata[];
  /** Tool version written to `tool.driver.version`. */
  toolVersion?: string;
}

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * GitHub code scanning reads `security-severity` (a number as a string) to rank alerts:
 * >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low, 0.0 none.
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export function renderSarif(result: AuditResult, options: RenderSarifOptions = {}): string {
  const metadata = options.checks ?? CHECKS.map((check) => check.metadata);
  const rules: ReportingDescriptor[] = metadata.map(toRule);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  // A finding whose check is not in the registry still gets a rule, so no result is dropped.
  for (const finding of result.findings) {
    if (!ruleIndex.has(finding.checkId)) {
      ruleIndex.set(finding.checkId, rules.length);
      rules.push(toFallbackRule(finding));
    }
  }

  const log: Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Keycard',
            fullName: 'Keycard (lambda-keycard): AWS Lambda execution role and resource policy audit',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            rules,
          },
        },
        automationDetails: {
          // Across accounts (--org) the account list would be long and change as accounts join: one category for the organization.
          id: `keycard/${result.summary.accounts === undefined ? result.summary.accountId : 'organization'}/${result.summary.region}/`,
        },
        results: result.findings.map((finding) => toResult(finding, ruleIndex.get(finding.checkId) ?? 0)),
        properties: { summary: result.summary },
      },
    ],
  };
  return `${escapeControlInJson(JSON.stringify(log, null, 2))}\n`;
}

function toRule(check: CheckMetadata): ReportingDescriptor {
  return {
    id: check.id,
    name: pascalCase(check.id),
    shortDescription: { text: check.title },
    fullDescription: { text: check.rationale },
    help: {
      text: `${check.remediation.text}\n\n${check.remediation.cli}`,
      markdown: `${check.remediation.text}\n\n\`\`\`sh\n${check.remediation.cli}\n\`\`\``,
    },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[check.severity],
      tags: ['security', 'aws-lambda', check.door === 'role' ? 'execution-role' : 'resource-policy'],
    },
  };
}

function toFallbackRule(finding: Finding): ReportingDescriptor {
  return {
    id: finding.checkId,
    name: pascalCase(finding.checkId),
    shortDescription: { text: escapeControl(finding.title) },
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[finding.severity], tags: ['security'] },
  };
}

function toResult(finding: Finding, ruleIndex: number): Result {
  const resourceLocation = {
    fullyQualifiedName: finding.resourceArn,
    name: shortName(finding.resourceArn),
    kind: 'resource',
  };
  const functionLocations = finding.functionArns
    .filter((arn) => arn !== finding.resourceArn)
    .map((arn) => ({ fullyQualifiedName: arn, name: shortName(arn), kind: 'resource' }));
  return {
    ruleId: finding.checkId,
    ruleIndex,
    level: LEVEL[finding.severity],
    // A viewer shows the message as text: names from the input must not carry control characters into it.
    message: { text: escapeControl(`${finding.title}. ${finding.detail}`) },
    locations: [{ ...physicalLocationOf(finding), logicalLocations: [resourceLocation, ...functionLocations] }],
    // Stable across runs so dashboards track one alert per (check, resource, functions).
    partialFingerprints: { 'keycardFinding/v1': fingerprint(finding) },
    properties: {
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      door: finding.door,
      resourceArn: finding.resourceArn,
      functionArns: finding.functionArns,
      evidence: finding.evidence,
      remediation: finding.remediation,
      ...(finding.accountId === undefined ? {} : { accountId: finding.accountId }),
    },
  };
}

/**
 * Code-scanning services (GitHub's among them) reject a result without a file location. A cloud
 * resource has none, so each gets a stable repository-relative path made from its ARN:
 * `aws/<account>/<region or global>/<service>/<resource>`, one per role or function.
 */
export function resourcePath(arn: string): { artifactLocation: { uri: string }; region: { startLine: number } } {
  const [, , service, region, account, ...rest] = arn.split(':');
  const segments =
    service !== undefined && rest.length > 0
      ? ['aws', account || 'aws', region || 'global', service, ...rest.join(':').split(/[:/]/)]
      : ['aws', 'other', arn];
  const uri = segments.filter((s) => s !== '').map((s) => encodeURIComponent(s)).join('/');
  return { artifactLocation: { uri }, region: { startLine: 1 } };
}

/**
 * `keycard scan` findings point at their template line, so code scanning shows them on the pull request;
 * audit findings at their resource's path.
 */
function physicalLocationOf(finding: Finding): Pick<Location, 'physicalLocation'> {
  const at = finding.location;
  if (at === undefined) return { physicalLocation: resourcePath(finding.resourceArn) };
  return {
    physicalLocation: {
      artifactLocation: { uri: at.file.split('\\').join('/') },
      region: { startLine: at.line, startColumn: at.column },
    },
  };
}

function fingerprint(finding: Finding): string {
  const key = [finding.checkId, finding.resourceArn, ...[...finding.functionArns].sort()].join('\n');
  return createHash('sha256').update(key).digest('hex');
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
