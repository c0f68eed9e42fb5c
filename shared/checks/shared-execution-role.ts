import type { FunctionFacts, RoleFacts } from '../facts/types.ts';
import type { CheckMetadata, RoleCheck } from './types.ts';
import { functionsUsing, partitionOf } from './role/evaluateRole.ts';
import { shellArg, shellQuoteJson } from './role/fillPlaceholders.ts';
import { LAMBDA_TRUST_POLICY } from './role/lambdaTrustPolicy.ts';
import { roleFinding } from './role/roleFinding.ts';

const metadata: CheckMetadata = {
  id: 'shared-execution-role',
  severity: 'low',
  door: 'role',
  title: 'One execution role serves several functions',
  rationale:
    'When functions share an execution role, each holds the union of what all of them need, so a flaw in the ' +
    'least trusted one exposes the data and actions of all the others, and no policy can be scoped to one ' +
    'function\'s resources. It also makes every change to the role a change to all of them. One role per function ' +
    'keeps each keycard to what its function does.',
  remediation: {
    text:
      'Give each function its own role: create it with the permissions the function has today (the shared ' +
      'role\'s policies and boundary), wait until IAM has it, point the function at it, then narrow each role to ' +
      'what its function uses.',
    cli:
      'aws iam create-role --role-name <NewRoleName> --assume-role-policy-document <TrustPolicyJson> && ' +
      'aws iam attach-role-policy --role-name <NewRoleName> --policy-arn <PolicyArn> && ' +
      'aws iam wait role-exists --role-name <NewRoleName> && ' +
      'aws lambda update-function-configuration --region <Region> --function-name <FunctionName> --role <NewRoleArn>',
  },
};

/** The account's role names, lower-cased, worked out once per account (this check runs once per role). */
const roleNamesByAccount = new WeakMap<ReadonlyMap<string, RoleFacts>, ReadonlySet<string>>();
function roleNamesOf(roles: ReadonlyMap<string, RoleFacts>): ReadonlySet<string> {
  let names = roleNamesByAccount.get(roles);
  if (names === undefined) {
    names = new Set([...roles.values()].map((r) => r.name.toLowerCase()));
    roleNamesByAccount.set(roles, names);
  }
  return names;
}

/** The new roles' trust policy, quoted once (it is printed for every function that gets a role). */
const QUOTED_LAMBDA_TRUST_POLICY = shellQuoteJson(LAMBDA_TRUST_POLICY).shell;

/** A role name for the function's own role that no role of the account has yet (IAM names are case-insensitive). */
function freeRoleName(fn: string, taken: { has(name: string): boolean }): string {
  const base = `${fn}-role`.slice(0, 64);
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${fn.slice(0, 64 - `-role-${n}`.length)}-role-${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Commands that give one function a role of its own with exactly the permissions it has today (the
 * shared role's trust, boundary, managed and inline policies), wait until IAM has the role, then
 * switch the function to it after a pause (Lambda sees a new role some seconds after IAM). Joined with `&&`,
 * so nothing runs after a step that failed (e.g. a name taken since the audit).
 */
function splitCommands(role: RoleFacts, fn: FunctionFacts, newRoleName: string, policyArguments: readonly string[]): string {
  const name = shellArg(newRoleName);
  const newRoleArn = `arn:${partitionOf(role.arn)}:iam::${role.accountId}:role/${newRoleName}`;
  const boundary = role.permissionsBoundary?.arn !== undefined ? ` --permissions-boundary ${shellArg(role.permissionsBoundary.arn)}` : '';
  const steps = [
    `aws iam create-role --role-name ${name} --assume-role-policy-document ${QUOTED_LAMBDA_TRUST_POLICY}${boundary}`,
    ...role.policies.map((p, i) => `aws iam ${p.kind === 'inline' ? 'put-role-policy' : 'attach-role-policy'} --role-name ${name}${policyArguments[i]}`),
    `aws iam wait role-exists --role-name ${name}`,
    // IAM has the role, but Lambda may not see it for some seconds more.
    'sleep 10',
    `aws lambda update-function-configuration --region ${shellArg(fn.region)} --function-name ${shellArg(fn.name)} --role ${shellArg(newRoleArn)}`,
  ];
  return `# ${fn.name} gets its own role ${newRoleName}, with what ${role.name} grants today: narrow it afterwards.\n${steps.join(' && \\\n  ')}`;
}

/** Fires when more than one function runs with the role; lists them. */
export const sharedExecutionRoleCheck: RoleCheck = {
  scope: 'role',
  metadata,
  evaluate(role, functions, context) {
    // Aliases and versions of one function share its role by design, and a version's role cannot be
    // changed: only the functions themselves ($LATEST) count here.
    const users = functionsUsing(role, functions.filter((fn) => fn.qualified === undefined));
    if (users.length < 2) return [];
    // The account's names, plus the ones this finding's commands propose: the same facts always give the same commands.
    const existing = roleNamesOf(context.account.roles);
    const proposed = new Set<string>();
    const taken = { has: (name: string) => existing.has(name) || proposed.has(name) };
    // Each policy's arguments (an inline document quoted) worked out once per role, not once per function that gets a copy.
    const policyArguments = role.policies.map((p) =>
      p.kind === 'inline'
        ? ` --policy-name ${shellArg(p.name)} --policy-document ${shellQuoteJson(p.document).shell}`
        : ` --policy-arn ${shellArg(p.arn ?? p.name)}`,
    );
    // The first function keeps the shared role; the others each get their own.
    const cli = users
      .slice(1)
      .map((fn) => {
        const newRoleName = freeRoleName(fn.name, taken);
        proposed.add(newRoleName.toLowerCase());
        return splitCommands(role, fn, newRoleName, policyArguments);
      })
      .join('\n');
    return [
      roleFinding(metadata, role, users, {
        detail: `Role ${role.name} is the execution role of ${users.length} functions: ${users.map((f) => f.name).join(', ')}.`,
        evidence: users.map((f) => ({ source: 'function-configuration', note: `${f.name} (${f.arn}) runs with ${role.arn}.` })),
        cli,
      }),
    ];
  },
};
