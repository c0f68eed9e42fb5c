import type { AccountIdentity } from '../account/AccountReader.ts';
import type { AccountRecords, EventSourceMappingRecord, ReadProblem } from '../account/records.ts';
import { defectsOf } from '../account/shape/RecordDefect.ts';
import { ManagedPolicySources } from './ManagedPolicySources.ts';
import { parseLambdaArn } from './parseLambdaArn.ts';
import { toFunctionFacts } from './toFunctionFacts.ts';
import { toQualifiedFunctionFacts } from './toQualifiedFunctionFacts.ts';
import { toRoleFacts } from './toRoleFacts.ts';
import type { AccountFacts, FunctionFacts, IncompleteFact, RoleFacts } from './types.ts';

/**
 * Account records (AWS shapes) -> the facts checks may know. Pure: no I/O, and every policy
 * document is parsed once (a managed policy attached to 500 roles included). Read problems and
 * anything unparseable or unresolved land in `incomplete` on the function, role or account they
 * concern, so each becomes an `evaluation-incomplete` finding.
 */
export function toAccountFacts(identity: AccountIdentity, records: AccountRecords): AccountFacts {
  const managed = new ManagedPolicySources(records.managedPolicies);
  const roles = new Map<string, RoleFacts>();
  for (const role of records.roles) roles.set(role.Arn, toRoleFacts(role, managed, identity.accountId));

  const incomplete: IncompleteFact[] = [];
  // Aliases and published versions are facts of their own: mappings and URL configs on their ARN
  // belong to them; the rest (and all of them when qualifiers were not read) to the function.
  const qualifiedArns = qualifiedArnsOf(records);
  const mappingsByArn = new Map<string, EventSourceMappingRecord[]>();
  for (const mapping of records.eventSourceMappings) {
    const parts = mapping.FunctionArn === undefined ? undefined : parseLambdaArn(mapping.FunctionArn);
    if (parts === undefined || mapping.FunctionArn === undefined) {
      // A malformed entry that names no function: the account's gap, so it is not lost.
      for (const defect of defectsOf(mapping)) {
        incomplete.push({ what: `${defect.field} of an event source mapping (${defect.source})`, reason: `${defect.problem}; the mapping was left out` });
      }
      continue;
    }
    // A mapping on a version or alias not read (`...:function:orders:live`) belongs to the function.
    const key = qualifiedArns.has(mapping.FunctionArn) ? mapping.FunctionArn : parts.unqualifiedArn;
    const list = mappingsByArn.get(key);
    if (list) list.push(mapping);
    else mappingsByArn.set(key, [mapping]);
  }

  // IAM role names are case-insensitive; a function may name its role in another case.
  const roleArnsFolded = new Set([...roles.keys()].map((arn) => arn.toLowerCase()));
  const functions: FunctionFacts[] = records.functions.map((fn) => {
    const key = parseLambdaArn(fn.FunctionArn)?.unqualifiedArn ?? fn.FunctionArn;
    const facts = toFunctionFacts(
      fn,
      {
        ...(records.resourcePolicies.has(fn.FunctionName)
          ? { resourcePolicy: records.resourcePolicies.get(fn.FunctionName) }
          : {}),
        urlConfigs: (records.urlConfigs.get(fn.FunctionName) ?? []).filter((url) => !qualifiedArns.has(url.FunctionArn)),
        eventSourceMappings: mappingsByArn.get(key) ?? [],
      },
      identity,
    );
    const roleDefective = defectsOf(fn).some((defect) => defect.field === 'Role');
    if (!roleDefective && !roleArnsFolded.has(fn.Role.toLowerCase())) {
      facts.incomplete.push({
        what: `execution role ${fn.Role} of function ${fn.FunctionName}`,
        reason: 'the role is not in the account records (deleted, or it could not be read)',
        concerns: 'execution-role',
      });
    }
    return facts;
  });
  if (records.qualifiers !== undefined) {
    const latestRoles = new Map(records.functions.map((fn) => [fn.FunctionName, fn.Role.toLowerCase()]));
    for (const facts of toQualifiedFunctionFacts(
      { functions: records.functions, qualifiers: records.qualifiers, urlConfigs: records.urlConfigs, mappingsOn: (arn) => mappingsByArn.get(arn) ?? [] },
      identity,
    )) {
      // A missing role that $LATEST also runs with is reported once, on the function.
      const role = facts.roleArn.toLowerCase();
      if (!roleArnsFolded.has(role) && latestRoles.get(facts.qualified?.functionName ?? '') !== role) {
        facts.incomplete.push({
          what: `execution role ${facts.roleArn} of ${facts.qualified?.kind ?? 'function'} ${facts.name}`,
          reason: 'the role is not in the account records (deleted, or it could not be read)',
        });
      }
      functions.push(facts);
    }
  }

  assignProblems(records.problems, functions, roles, incomplete);
  return {
    accountId: identity.accountId,
    region: identity.region,
    partition: identity.partition,
    roles,
    functions,
    ...(records.qualifiers !== undefined ? { qualifierMode: records.qualifiers.mode } : {}),
    incomplete,
  };
}

/** ARNs of the aliases and published versions that become facts of their own. */
function qualifiedArnsOf(records: AccountRecords): Set<string> {
  const arns = new Set<string>();
  if (records.qualifiers === undefined) return arns;
  const functions = new Set(records.functions.map((fn) => fn.FunctionName));
  for (const version of records.qualifiers.versions) if (functions.has(version.FunctionName)) arns.add(version.FunctionArn);
  for (const [name, aliases] of records.qualifiers.aliases) {
    if (functions.has(name)) for (const alias of aliases) arns.add(alias.AliasArn);
  }
  return arns;
}

/** Each read problem goes to the function or role it concerns; the account when that is unknown. */
function assignProblems(
  problems: ReadProblem[],
  functions: FunctionFacts[],
  roles: Map<string, RoleFacts>,
  account: IncompleteFact[],
): void {
  const functionsByName = new Map(functions.map((fn) => [fn.name, fn]));
  const rolesByName = new Map([...roles.values()].map((role) => [role.name, role]));
  for (const problem of problems) {
    const { kind, name } = problem.subject;
    const fact: IncompleteFact = {
      what: kind === 'account' ? problem.what : `${problem.what} of ${kind} ${name}`,
      reason: problem.reason,
      ...(problem.cause === undefined ? {} : { cause: problem.cause }),
    };
    const targets: { incomplete: IncompleteFact[] }[] = [];
    if (kind === 'function') {
      const fn = functionsByName.get(parseLambdaArn(name)?.functionName ?? name);
      if (fn) targets.push(fn);
    } else if (kind === 'role') {
      const role = rolesByName.get(name) ?? roles.get(name);
      if (role) targets.push(role);
      // A role that could not be read at all: its functions already say their role is missing; give
      // them the real reason instead of a second, account-level gap for the same cause.
      const missing = role === undefined ? executionRoleGapsOf(functions, name) : [];
      for (const entry of missing) Object.assign(entry, { reason: `${problem.what}: ${problem.reason}` }, problem.cause === undefined ? {} : { cause: problem.cause });
      if (missing.length > 0) continue;
    } else if (kind === 'policy') {
      // The roles that use the policy already say it is unresolved; give them the real reason.
      const users = [...roles.values()].flatMap((role) =>
        role.incomplete.filter((entry) => entry.what.startsWith(`managed policy ${name} `) || entry.what.startsWith(`permissions boundary ${name} `)),
      );
      for (const entry of users) Object.assign(entry, { reason: `${problem.what}: ${problem.reason}` }, problem.cause === undefined ? {} : { cause: problem.cause });
      if (users.length > 0) continue;
    }
    if (targets.length === 0) account.push(fact);
    for (const target of targets) target.incomplete.push(fact);
  }
}

/** The functions' "execution role missing" facts for the role named `roleName` (case-insensitive). */
function executionRoleGapsOf(functions: FunctionFacts[], roleName: string): IncompleteFact[] {
  const name = roleName.toLowerCase();
  return functions.flatMap((fn) =>
    fn.roleArn.slice(fn.roleArn.lastIndexOf('/') + 1).toLowerCase() === name ? fn.incomplete.filter((gap) => gap.concerns === 'execution-role') : [],
  );
}
