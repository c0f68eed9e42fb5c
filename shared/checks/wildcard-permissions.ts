import { matchAction, statementsOf, toList } from '../policy/index.ts';
import type { PolicySource, PolicyStatement } from '../policy/index.ts';
import type { CheckMetadata, Evidence, RoleCheck } from './types.ts';
import { findAdminAccess } from './role/adminAccess.ts';
import { functionsUsing } from './role/evaluateRole.ts';
import { isLambdaExecutionManagedPolicy } from './role/lambdaManagedPolicies.ts';
import { policyFixCommands, type PolicyRef } from './role/policyFixCommand.ts';
import { RESOURCE_LEVEL_ACTIONS } from './role/resourceLevelActions.ts';
import { roleFinding } from './role/roleFinding.ts';
import { describeStatementShape } from './role/statementShape.ts';

const metadata: CheckMetadata = {
  id: 'wildcard-permissions',
  severity: 'low',
  door: 'role',
  title: 'Execution role uses wildcard permissions',
  rationale:
    'Allow statements that name a whole service (`s3:*`, `dynamodb:*`, `*`), that allow everything but a list ' +
    '(NotAction), or that put `Resource: "*"` (or a NotResource) on actions able to take a specific ARN grant far ' +
    'more than a function uses: every bucket, table, queue, secret or key in the account, present and future. An ARN ' +
    'that names every resource of its service or type in any account (`arn:aws:s3:::*`, `arn:aws:dynamodb:*:*:table/*`) ' +
    'counts as `*`; one that fixes the account is a deliberate scope and is not reported. ' +
    'Lambda itself needs `*` only for writing logs, X-Ray and VPC network interfaces, so those are not reported, and ' +
    'nor are the AWS managed execution policies (service-role/AWSLambda*, AWSXRayDaemonWriteAccess, ' +
    'CloudWatchLambdaInsightsExecutionRolePolicy). `Resource: "*"` is reported only on actions Keycard knows accept ' +
    'resource-level permissions (a positive list of common S3, DynamoDB, SQS, SNS, KMS, Secrets Manager, SSM, ' +
    'Lambda, Kinesis, Step Functions, EventBridge, IAM, STS, ECR, Logs, EFS, EC2, RDS, API Gateway, SES and ' +
    'CloudWatch actions), so actions that only work on `*` are never flagged. Statements are read as written: a ' +
    'Deny or boundary elsewhere does not clear them. Roles already reported by admin-access are not reported again.',
  remediation: {
    text:
      'Replace service wildcards with the actions the function calls, and `*` resources with the ARNs it uses. For ' +
      'managed policies, detach them and attach a scoped customer managed policy.',
    cli: 'aws iam put-role-policy --role-name <RoleName> --policy-name <PolicyName> --policy-document <ScopedPolicyJson>',
  },
};

/** `s3:*`, `*`, `*:*`: the part after the service prefix is only wildcards. */
const isServiceWide = (pattern: string): boolean => {
  const action = pattern.includes(':') ? pattern.slice(pattern.indexOf(':') + 1) : pattern;
  return /^\*+$/.test(action);
};

// The same few patterns recur across thousands of roles; match each against the list once.
const coveredCache = new Map<string, string[]>();
function resourceLevelActionsMatching(pattern: string): string[] {
  const key = pattern.toLowerCase();
  let hit = coveredCache.get(key);
  if (!hit) {
    hit = RESOURCE_LEVEL_ACTIONS.filter((a) => matchAction(pattern, a));
    coveredCache.set(key, hit);
  }
  return hit;
}

/**
 * The service an ARN pattern covers every resource (of one type) of in every account, `*` for any
 * service, or undefined when it names something narrower. `arn:aws:s3:::*` (or every key of every
 * bucket) and `arn:aws:dynamodb:*:*:table/*` grant as much as `*` does for that service's actions:
 * without this, moving the wildcard into an ARN hid it (AWSLambdaExecute's `s3:GetObject` on
 * `arn:aws:s3:::*`). An ARN that fixes the account (`arn:aws:iam::111122223333:role/*`) is a deliberate
 * scope, typical of auditing roles that must read every role of their own account: not reported.
 */
function allOfService(resource: string): string | undefined {
  if (resource === '*') return '*';
  const parts = resource.split(':');
  if (parts[0] !== 'arn') return undefined;
  if (parts.length < 6) return parts.slice(1).join(':').replace(/[*?]/g, '') === '' ? '*' : undefined;
  const service = (parts[2] ?? '').toLowerCase();
  const rest = parts.slice(5).join(':');
  if (!/^[*?]*$/.test(parts[4] ?? '')) return undefined;
  if (/^[*?]*$/.test(service)) return /^[*?]*$/.test(rest) ? '*' : undefined;
  // S3: the resource part is `bucket[/key]`, so only all-wildcard buckets mean "every bucket".
  const everything = service === 's3' ? /^\*(?:\/\*)?$/ : /^(?:[A-Za-z0-9_.-]+[/:])?\*$/;
  return everything.test(rest) ? service : undefined;
}

/** What is too broad in one Allow statement, or nothing. */
function wildcardsIn(s: PolicyStatement): string[] {
  const problems: string[] = [];
  const actions = toList(s.Action);
  if (s.NotAction !== undefined) {
    problems.push(`NotAction allows every action except ${JSON.stringify(s.NotAction)}`);
  }
  const serviceWide = actions.filter(isServiceWide);
  if (serviceWide.length > 0) problems.push(`service-wide action wildcard ${serviceWide.join(', ')}`);
  if (s.Action === undefined) return problems;
  const rest = actions.filter((a) => !isServiceWide(a));
  const resources: { label: string; service: string }[] =
    s.NotResource !== undefined
      ? [{ label: `NotResource ${JSON.stringify(s.NotResource)}`, service: '*' }]
      : toList(s.Resource).flatMap((r) => {
          const service = allOfService(r);
          return service === undefined ? [] : [{ label: `Resource ${JSON.stringify(r)}`, service }];
        });
  for (const { label, service } of resources) {
    const covered = [...new Set(rest.flatMap(resourceLevelActionsMatching))].filter(
      (a) => service === '*' || a.toLowerCase().startsWith(`${service}:`),
    );
    if (covered.length === 0) continue;
    const shown = covered.length > 6 ? `${covered.slice(0, 6).join(', ')} and ${covered.length - 6} more` : covered.join(', ');
    problems.push(`${label} on actions that accept specific ARNs (${shown})`);
  }
  return problems;
}

/** What one Allow statement allows too broadly, said once (problems joined, and the evidence note). */
interface StatementWildcards {
  problems: string;
  note: string;
}

// A managed policy's statements are shared by every role it is attached to: judge each statement once.
const judged = new WeakMap<PolicyStatement, StatementWildcards | null>();
function wildcardsOf(s: PolicyStatement): StatementWildcards | null {
  let hit = judged.get(s);
  if (hit === undefined) {
    const problems = wildcardsIn(s);
    const conditional = s.Condition ? ' (it has conditions, which narrow but do not remove the wildcard)' : '';
    hit = problems.length === 0 ? null : { problems: problems.join('; '), note: `${describeStatementShape(s)}: ${problems.join('; ')}${conditional}.` };
    judged.set(s, hit);
  }
  return hit;
}

/** One finding per role listing every too-broad Allow statement (skipped when admin-access fires). */
export const wildcardPermissionsCheck: RoleCheck = {
  scope: 'role',
  metadata,
  evaluate(role, functions, context) {
    if (findAdminAccess(role, context.account.region)) return [];
    const evidence: Evidence[] = [];
    const refs: PolicyRef[] = [];
    const summary: string[] = [];
    const candidates: PolicySource[] = role.policies.filter((p) => !isLambdaExecutionManagedPolicy(p));
    for (const policy of candidates) {
      statementsOf(policy.document).forEach((s, index) => {
        if (s.Effect !== 'Allow') return;
        const wildcards = wildcardsOf(s);
        if (wildcards === null) return;
        const ref = s.Sid !== undefined ? `statement "${s.Sid}"` : `statement #${index}`;
        evidence.push({
          source: policy.name,
          ...(policy.arn !== undefined ? { policyArn: policy.arn } : {}),
          ...(s.Sid !== undefined ? { statementSid: s.Sid } : {}),
          statementIndex: index,
          note: wildcards.note,
        });
        refs.push({ name: policy.name, kind: policy.kind, statementIndex: index, ...(policy.arn !== undefined ? { arn: policy.arn } : {}) });
        summary.push(`policy "${policy.name}" ${ref}: ${wildcards.problems}`);
      });
    }
    if (evidence.length === 0) return [];
    return [
      roleFinding(metadata, role, functionsUsing(role, functions), {
        detail: `Role ${role.name} has ${evidence.length} wildcard Allow statement${evidence.length === 1 ? '' : 's'}: ${summary.join('; ')}.`,
        evidence,
        cli: policyFixCommands(role, refs, 'edit'),
      }),
    ];
  },
};
