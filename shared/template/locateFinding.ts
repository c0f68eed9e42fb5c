import type { Finding, SourceLocation } from '../checks/types.ts';
import type { LocationIndex } from './LocationIndex.ts';

/**
 * The template line a finding is about: the statement its evidence names (in a role's policy, the
 * trust policy or the function's resource policy), the gap it reports, the URL, else the property
 * that gives the function its permissions, else the role or function resource itself.
 */
export function locateFinding(finding: Finding, index: LocationIndex, roleOfFunction: ReadonlyMap<string, string>): SourceLocation | undefined {
  const roleArn = index.roles.has(finding.resourceArn) ? finding.resourceArn : roleOfFunction.get(finding.resourceArn);
  for (const evidence of finding.evidence) {
    if (finding.checkId === 'evaluation-incomplete') {
      for (const [what, at] of index.gaps) if (evidence.note.startsWith(`${what}:`)) return at;
    }
    if (evidence.source === 'resource-policy' && evidence.statementIndex !== undefined) {
      const at = index.resourcePolicies.get(finding.resourceArn)?.[evidence.statementIndex];
      if (at) return at;
    }
    if (evidence.source === 'function-configuration' && evidence.note.startsWith('function URL')) {
      const at = index.functionUrls.get(finding.resourceArn);
      if (at) return at;
    }
    if (roleArn !== undefined) {
      const policy = index.policy(roleArn, evidence.source);
      if (policy) return (evidence.statementIndex !== undefined ? policy.statements[evidence.statementIndex] : undefined) ?? policy.at;
    }
  }
  if (finding.door === 'role') {
    const at = index.functionRoles.get(finding.resourceArn) ?? index.roles.get(finding.resourceArn);
    if (at) return at;
  }
  return index.functions.get(finding.resourceArn) ?? index.roles.get(finding.resourceArn);
}
