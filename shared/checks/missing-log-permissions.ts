import type { CheckMetadata, Evidence, FunctionCheck } from './types.ts';
import { canWriteLogs } from './role/canWriteLogs.ts';
import { explainNotGuaranteed, type Blocker } from './role/explainNotGuaranteed.ts';
import { fillPlaceholders } from './role/fillPlaceholders.ts';
import { basicExecutionRoleArn, basicExecutionRolePolicy } from './role/lambdaManagedPolicies.ts';
import { functionFinding } from './role/roleFinding.ts';
import { blockerCommands, type Blocked } from './role/blockerCommands.ts';

const metadata: CheckMetadata = {
  id: 'missing-log-permissions',
  severity: 'medium',
  door: 'role',
  title: 'Function cannot write its logs',
  rationale:
    'Lambda writes a function\'s output to its log group (LoggingConfig.LogGroup, default /aws/lambda/<name>) with ' +
    'the execution role, using logs:CreateLogStream and logs:PutLogEvents. CloudWatch Logs matches both against ARNs ' +
    'beneath the group (the log stream), which is why AWS\'s own examples grant "log-group:<name>:*" and why a grant ' +
    'on the bare "log-group:<name>" ARN fails in practice. Keycard therefore evaluates both on a concrete stream ARN, ' +
    'arn:<partition>:logs:<region>:<account>:log-group:<name>:log-stream:<stream>, in the function\'s region: "*", ' +
    '"arn:aws:logs:*:*:*" and "log-group:<name>:*" grant it. Wildcards, every attached policy (the VPC, SQS, Kinesis execution policies include ' +
    'logs), explicit Deny and the permissions boundary are all taken into account; an Allow that holds only under ' +
    'a condition is not a guarantee. Without these permissions the function still runs but leaves no trace: ' +
    'errors, timeouts and attacks go unseen. The finding says what blocks it and whether attaching ' +
    'AWSLambdaBasicExecutionRole would fix it, worked out by evaluating again with that policy added.',
  remediation: {
    text:
      'Attach AWSLambdaBasicExecutionRole, or allow logs:CreateLogStream and logs:PutLogEvents on ' +
      'arn:<partition>:logs:<region>:<account>:log-group:<LogGroupName>:*. If a Deny or the permissions boundary ' +
      'blocks them, change that first: attaching a policy cannot override it.',
    cli: 'aws iam attach-role-policy --role-name <RoleName> --policy-arn <PolicyArn>',
  },
};

/** Fires when the role does not guarantee both log-write actions on the function's own log group. */
export const missingLogPermissionsCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate(fn, role) {
    // No readable role: evaluation-incomplete reports it; guessing here would cry wolf.
    if (!role) return [];
    const now = canWriteLogs(fn, role);
    if (now.canWrite) return [];
    const basic = basicExecutionRolePolicy(fn.partition);
    const alreadyAttached = role.policies.some((p) => p.kind === 'aws-managed' && p.arn === basic.arn);
    // What still blocks once the policy is attached (the same as now when it already is).
    const after = alreadyAttached ? now : canWriteLogs(fn, role, [basic]);
    const fixes = after.canWrite;

    const evidence: Evidence[] = [];
    const reasons: string[] = [];
    const blocked: Blocked[] = [];
    const kinds = new Set<Blocker>();
    for (const e of now.evaluations.filter((x) => !x.guaranteed)) {
      const why = explainNotGuaranteed(e.result, `${e.action} on ${e.resource}`, role.permissionsBoundary);
      reasons.push(`${e.action}: ${why.reason}`);
      evidence.push(...why.evidence);
    }
    for (const e of after.evaluations.filter((x) => !x.guaranteed)) {
      kinds.add(explainNotGuaranteed(e.result, e.action).blocker);
      // Lambda creates streams under the group: the grant a fix adds is the group's `:*`.
      blocked.push({ result: e.result, needed: { action: e.action, resource: `${after.logGroupArn}:*` } });
    }
    const todo = [
      kinds.has('explicit-deny') ? 'remove or narrow the Deny' : undefined,
      kinds.has('boundary') ? 'widen the permissions boundary' : undefined,
      kinds.has('conditional') ? 'make sure no condition (Allow or Deny) stands in the way' : undefined,
    ].filter((x) => x !== undefined).join(', and ');
    const fixNote = fixes
      ? 'Attaching AWSLambdaBasicExecutionRole would fix it (re-evaluated with the policy added).'
      : alreadyAttached
        ? `AWSLambdaBasicExecutionRole is already attached and does not help: ${todo}.`
        : `Attaching AWSLambdaBasicExecutionRole would NOT fix it (re-evaluated with the policy added): ${todo} first.`;
    evidence.push({ source: 'AWSLambdaBasicExecutionRole', policyArn: basic.arn, note: fixNote });

    const attach = fillPlaceholders(metadata.remediation.cli, { RoleName: role.name, PolicyArn: basicExecutionRoleArn(fn.partition) });
    const blockers = blockerCommands(role, blocked);
    return [
      functionFinding(metadata, fn, {
        detail:
          `${fn.name} cannot be sure to write to its log group ${fn.logGroupName} (evaluated for a log stream of ${now.logGroupArn}): ` +
          `${reasons.join('; ')}. ${fixNote}`,
        evidence,
        cli: fixes ? attach : [`# ${fixNote}`, ...new Set(blockers), ...(alreadyAttached ? [] : [attach])].join('\n'),
      }),
    ];
  },
};
