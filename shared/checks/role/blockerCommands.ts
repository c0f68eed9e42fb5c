import type { RoleFacts } from '../../facts/types.ts';
import type { EvaluationResult, PolicyDocument } from '../../policy/index.ts';
import { statementsOf } from '../../policy/index.ts';
import { shellArg, shellQuoteJson } from './fillPlaceholders.ts';
import { policyFixCommands } from './policyFixCommand.ts';

/** A permission the function needs: what a blocking Deny or boundary must let through. */
export interface NeededPermission {
  action: string;
  resource: string;
}

/** One evaluation that came out short, and what it asked for. */
export interface Blocked {
  result: EvaluationResult;
  needed: NeededPermission;
}

/**
 * Commands to change what blocks needed permissions that attaching a policy cannot override: the
 * unconditional Deny statements are taken out of their policies, and a customer managed permissions
 * boundary that does not allow them gets one statement that does (documents inline, one command per
 * policy however many permissions it blocks).
 */
export function blockerCommands(role: Pick<RoleFacts, 'name' | 'policies' | 'permissionsBoundary'>, blocked: readonly Blocked[]): string[] {
  const lines: string[] = [];
  const denies = blocked.flatMap((b) => b.result.identity.deniedBy.filter((m) => m.unconditional));
  if (denies.length > 0) {
    const refs = denies.map((m) => ({ name: m.policyName, kind: m.policyKind, statementIndex: m.statementIndex, ...(m.policyArn ? { arn: m.policyArn } : {}) }));
    lines.push(...policyFixCommands(role, refs, 'remove').split('\n'));
  }
  const boundary = role.permissionsBoundary;
  const throughBoundary = blocked.filter(
    (b) => (b.result.boundary?.deniedBy ?? []).some((m) => m.unconditional) || (b.result.boundary !== undefined && b.result.boundary.allow !== 'unconditional'),
  );
  if (!boundary || throughBoundary.length === 0) return lines;
  const wanted = throughBoundary.map((b) => `${b.needed.action} on ${b.needed.resource}`).join(', ');
  if (boundary.kind === 'aws-managed' || boundary.arn === undefined || boundary.arn.includes(':iam::aws:policy/')) {
    lines.push(`# The permissions boundary ${boundary.arn ?? boundary.name} cannot be edited here: set one that allows ${wanted}.`);
    return lines;
  }
  const boundaryDenies = new Set(throughBoundary.flatMap((b) => (b.result.boundary?.deniedBy ?? []).filter((m) => m.unconditional).map((m) => m.statementIndex)));
  const added = throughBoundary.map((b, i) => ({ Sid: `KeycardAllowNeeded${i}`, Effect: 'Allow' as const, Action: b.needed.action, Resource: b.needed.resource }));
  const widened: PolicyDocument = {
    ...boundary.document,
    Statement: [...statementsOf(boundary.document).filter((_, i) => !boundaryDenies.has(i)), ...added],
  };
  lines.push(
    `# Lets ${wanted} through the permissions boundary ${boundary.name} (every role it bounds gains it).`,
    `aws iam create-policy-version --policy-arn ${shellArg(boundary.arn)} --policy-document ${shellQuoteJson(widened).shell} --set-as-default`,
  );
  return lines;
}
