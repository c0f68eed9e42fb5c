import type { Check, CheckContext, CheckOptions, Finding } from '../checks/types.ts';
import { CHECKS } from '../checks/registry.ts';
import type { AccountFacts, FunctionFacts, RoleFacts } from '../facts/types.ts';
import type { AuditResult } from './AuditResult.ts';
import { rollUpQualifiers } from './rollUpQualifiers.ts';
import { rollUpRisk } from './rollUpRisk.ts';
import { sortFindings } from './sortFindings.ts';
import { summarize } from './summarize.ts';

/** Finds a function's role by ARN; IAM role names are case-insensitive, so fall back to that. */
function roleIndex(roles: ReadonlyMap<string, RoleFacts>): (arn: string) => RoleFacts | undefined {
  let folded: Map<string, RoleFacts> | undefined;
  return (arn) => {
    const exact = roles.get(arn);
    if (exact !== undefined) return exact;
    folded ??= new Map([...roles.values()].map((r) => [r.arn.toLowerCase(), r]));
    return folded.get(arn.toLowerCase());
  };
}

/**
 * Facts -> AuditResult. Pure: role checks run once per role that serves at least one function (with
 * the functions it serves), function checks once per function (with its role, undefined when it
 * could not be read), then each check's optional account-level pass. Linear in roles + functions.
 */
export function evaluateAccount(account: AccountFacts, options: CheckOptions, checks: readonly Check[] = CHECKS): AuditResult {
  const context: CheckContext = { account, options };
  const findRole = roleIndex(account.roles);

  const servedFunctions = new Map<RoleFacts, FunctionFacts[]>();
  const roleOf = new Map<FunctionFacts, RoleFacts | undefined>();
  for (const fn of account.functions) {
    roleOf.set(fn, findRole(fn.roleArn));
    // An alias with weighted routing runs with every routed version's role.
    const roleArns = new Set([fn.roleArn, ...(fn.qualified?.additionalVersions ?? []).map((v) => v.roleArn)]);
    for (const role of new Set([...roleArns].map(findRole))) {
      if (role === undefined) continue;
      const served = servedFunctions.get(role);
      if (served === undefined) servedFunctions.set(role, [fn]);
      else served.push(fn);
    }
  }

  const findings: Finding[] = [];
  // Most checks find nothing for most functions: append without spreading an empty array each time.
  const add = (found: readonly Finding[]): void => {
    for (const finding of found) findings.push(finding);
  };
  for (const check of checks) {
    if (check.scope === 'role') {
      for (const [role, served] of servedFunctions) add(check.evaluate(role, served, context));
    } else {
      for (const fn of account.functions) add(check.evaluate(fn, roleOf.get(fn), context));
    }
    if (check.evaluateAccount !== undefined) add(check.evaluateAccount(context));
  }

  const functions = rollUpQualifiers(rollUpRisk(account.functions, findings, (fn) => roleOf.get(fn)), account.functions);
  // Findings name qualified ARNs: an alias that is itself worst case sorts its findings first too.
  const worstCase = new Set(
    functions.flatMap((f) => [f, ...(f.qualifiers ?? [])]).filter((f) => f.worstCase).map((f) => f.functionArn),
  );
  const qualified = account.functions.filter((fn) => fn.qualified !== undefined);
  const summary = summarize(findings, {
    accountId: account.accountId,
    region: account.region,
    functionsEvaluated: account.functions.length - qualified.length,
    rolesEvaluated: servedFunctions.size,
    worstCaseFunctions: functions.filter((f) => f.worstCase).length,
    checkIds: checks.map((c) => c.metadata.id),
  });
  if (account.qualifierMode !== undefined) {
    summary.qualifiers = account.qualifierMode;
    summary.aliasesEvaluated = qualified.filter((fn) => fn.qualified?.kind === 'alias').length;
    summary.versionsEvaluated = qualified.length - summary.aliasesEvaluated;
  }
  return { findings: sortFindings(findings, worstCase), functions, summary };
}
