import type { FunctionFacts, RoleFacts } from '../../facts/types.ts';
import type { PolicyDocument, PolicyKind, PolicySource, PolicyStatement } from '../../policy/index.ts';
import { statementsOf } from '../../policy/index.ts';
import { canWriteLogs } from './canWriteLogs.ts';
import { shellArg, shellQuoteJson } from './fillPlaceholders.ts';
import { basicExecutionRolePolicy } from './lambdaManagedPolicies.ts';

export interface PolicyRef {
  name: string;
  arn?: string;
  kind: PolicyKind;
  /** The statement at fault (0-based); without it the whole policy is. */
  statementIndex?: number;
}

/** What to do with the statements a finding names. */
export type PolicyFix =
  /** Take the statements out (detach or delete the policy when nothing else is left in it). */
  | 'remove'
  /** Take the whole policy off the role. */
  | 'detach'
  /** Keycard cannot know the scoped form: print the current document, ready to edit (unchanged if pasted as is). */
  | 'edit';

type FixRole = Pick<RoleFacts, 'name' | 'policies'>;

// A managed policy's fix is printed for every role it is attached to: each printed form of a
// document (`form`: whole, or which statements are kept) is quoted once per original document.
const quoted = new WeakMap<PolicyDocument, Map<string, string>>();
function quotedDoc(original: PolicyDocument, form: string, printed: PolicyDocument): string {
  let forms = quoted.get(original);
  if (forms === undefined) quoted.set(original, (forms = new Map()));
  let shell = forms.get(form);
  if (shell === undefined) forms.set(form, (shell = shellQuoteJson(printed).shell));
  return shell;
}

const statementLabel = (s: PolicyStatement, index: number): string =>
  s.Sid !== undefined && s.Sid !== '' ? `"${s.Sid}"` : `#${index}`;

function findPolicy(role: FixRole, ref: PolicyRef): PolicySource | undefined {
  return role.policies.find((p) => p.kind === ref.kind && (ref.arn !== undefined ? p.arn === ref.arn : p.name === ref.name));
}

/** The commands for one policy of the role, and the policies the role would have after them. */
function fixOnePolicy(role: FixRole, policy: PolicySource, indexes: Set<number> | undefined, fix: PolicyFix): { lines: string[]; after: PolicySource | undefined } {
  const name = shellArg(role.name);
  const detach = (arn: string) => `aws iam detach-role-policy --role-name ${name} --policy-arn ${shellArg(arn)}`;
  const statements = statementsOf(policy.document);
  const keptIndexes = indexes === undefined || fix === 'detach' ? [] : statements.map((_, i) => i).filter((i) => !indexes.has(i));
  const kept = keptIndexes.map((i) => statements[i] as PolicyStatement);
  const removed = statements.map((s, i) => [s, i] as const).filter(([, i]) => indexes === undefined || indexes.has(i));
  const labels = removed.map(([s, i]) => statementLabel(s, i)).join(', ');

  if (policy.kind === 'aws-managed' && fix === 'edit') {
    const command = policy.arn !== undefined ? detach(policy.arn) : `detach ${policy.name}`;
    return {
      lines: [`# ${policy.name} is AWS managed and cannot be scoped: attach a customer managed policy with what the function uses, then: ${command}`],
      after: policy,
    };
  }
  if (policy.kind === 'aws-managed' || fix === 'detach' || (fix === 'remove' && kept.length === 0)) {
    if (policy.kind === 'inline') {
      return { lines: [`aws iam delete-role-policy --role-name ${name} --policy-name ${shellArg(policy.name)}`], after: undefined };
    }
    if (policy.arn === undefined) return { lines: [`# ${policy.name}: no ARN known; detach it in the console.`], after: policy };
    return { lines: [detach(policy.arn)], after: undefined };
  }

  const document: PolicyDocument = { ...policy.document, Statement: fix === 'edit' ? statements : kept };
  const shell = quotedDoc(policy.document, fix === 'edit' ? 'all' : keptIndexes.join(','), document);
  const comment =
    fix === 'edit'
      ? `# Scope statement(s) ${labels} of ${policy.name} to the actions and ARNs the function uses; pasted unedited, this changes nothing.`
      : `# Removes statement(s) ${labels} from ${policy.name}; re-add what the function needs, scoped to exact ARNs.`;
  const after: PolicySource = { ...policy, document };
  if (policy.kind === 'customer-managed' && policy.arn !== undefined) {
    return {
      lines: [
        `${comment} The policy changes for every role it is attached to.`,
        `aws iam create-policy-version --policy-arn ${shellArg(policy.arn)} --policy-document ${shell} --set-as-default`,
      ],
      after,
    };
  }
  return {
    lines: [comment, `aws iam put-role-policy --role-name ${name} --policy-name ${shellArg(policy.name)} --policy-document ${shell}`],
    after,
  };
}

/**
 * The commands that fix the named statements of a role's policies, each document printed whole and
 * inline (no file to write first). When the change would leave a function of the role unable to write
 * its logs, attaching AWSLambdaBasicExecutionRole comes first: a fix must not blind the function.
 */
export function policyFixCommands(
  role: FixRole & Pick<RoleFacts, 'permissionsBoundary'>,
  refs: readonly PolicyRef[],
  fix: PolicyFix,
  functions: readonly FunctionFacts[] = [],
): string {
  const byPolicy = new Map<PolicySource, Set<number> | undefined>();
  const lines: string[] = [];
  for (const ref of refs) {
    const policy = findPolicy(role, ref);
    if (!policy) {
      lines.push(`# ${ref.name} is not among ${role.name}'s policies as read; review it by hand.`);
      continue;
    }
    if (!byPolicy.has(policy)) byPolicy.set(policy, ref.statementIndex === undefined ? undefined : new Set());
    const indexes = byPolicy.get(policy);
    if (ref.statementIndex === undefined) byPolicy.set(policy, undefined);
    else indexes?.add(ref.statementIndex);
  }
  const remaining = new Map(role.policies.map((p) => [p, p] as [PolicySource, PolicySource | undefined]));
  for (const [policy, indexes] of byPolicy) {
    const one = fixOnePolicy(role, policy, indexes, fix);
    lines.push(...one.lines);
    remaining.set(policy, one.after);
  }
  const after = [...remaining.values()].filter((p): p is PolicySource => p !== undefined);
  const blinds = functions.some((fn) => canWriteLogs(fn, role).canWrite && !canWriteLogs(fn, { ...role, policies: after }).canWrite);
  if (blinds) {
    const basic = basicExecutionRolePolicy(functions[0]!.partition);
    lines.unshift(
      '# Without these policies the function could no longer write its logs: attach AWSLambdaBasicExecutionRole first.',
      `aws iam attach-role-policy --role-name ${shellArg(role.name)} --policy-arn ${shellArg(basic.arn!)}`,
    );
  }
  return lines.join('\n');
}
