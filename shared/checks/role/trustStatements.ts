/** Reading a role's trust policy: which statements admit which principals to assume the role. */
import type { PolicyDocument, PolicyStatement } from '../../policy/index.ts';
import { matchAction, principalsOf, statementsOf, toList } from '../../policy/index.ts';
import type { Evidence } from '../types.ts';

export interface TrustStatement {
  statement: PolicyStatement;
  index: number;
  sid?: string;
}

/** Actions that make a principal the role: plain, web identity and SAML federation. */
export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'] as const;

/** Lambda's service principal (China regions also accept the `.com.cn` form). */
export const LAMBDA_PRINCIPALS = ['lambda.amazonaws.com', 'lambda.amazonaws.com.cn'];
/** Lambda@Edge replicates functions with this principal beside Lambda's; admitting it is expected. */
export const EDGE_LAMBDA_PRINCIPAL = 'edgelambda.amazonaws.com';

export function trustStatementsOf(doc: PolicyDocument | undefined): TrustStatement[] {
  if (!doc) return [];
  return statementsOf(doc).map((statement, index) =>
    statement.Sid === undefined ? { statement, index } : { statement, index, sid: statement.Sid },
  );
}

/** Whether the statement's Action / NotAction covers `action`. */
export function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.Action !== undefined) return toList(s.Action).some((p) => matchAction(p, action));
  return !toList(s.NotAction).some((p) => matchAction(p, action));
}

const lower = (xs: string[]): string[] => xs.map((x) => x.toLowerCase());

/**
 * Whether the statement names the service principal: `Principal "*"`/`{"AWS":"*"}` names everyone,
 * `NotPrincipal` names everyone not listed in it.
 */
export function namesService(s: PolicyStatement, service: string): boolean {
  const svc = service.toLowerCase();
  if (s.NotPrincipal !== undefined) {
    const not = principalsOf({ ...s, Principal: s.NotPrincipal });
    return !not.wildcard && !lower(not.service).includes(svc);
  }
  const p = principalsOf(s);
  return p.wildcard || lower(p.service).includes(svc);
}

export function trustEvidence(t: TrustStatement, note: string): Evidence {
  return { source: 'trust-policy', ...(t.sid !== undefined ? { statementSid: t.sid } : {}), statementIndex: t.index, note };
}

export function describeTrustStatement(t: TrustStatement): string {
  return t.sid === undefined ? `trust policy statement #${t.index}` : `trust policy statement "${t.sid}"`;
}
