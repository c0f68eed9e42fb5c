import type { FunctionFacts, RoleFacts } from '../../facts/types.ts';
import type { EvaluationResult, PolicySource } from '../../policy/index.ts';
import { isGuaranteedAllowed } from '../../policy/index.ts';
import { evaluateRoleOnce } from './evaluateRole.ts';
import { regionContext } from './regionContext.ts';

export interface LogWriteEvaluation {
  action: 'logs:CreateLogStream' | 'logs:PutLogEvents';
  resource: string;
  result: EvaluationResult;
  guaranteed: boolean;
}

export interface CanWriteLogsResult {
  /** Both actions are allowed whatever the request context. */
  canWrite: boolean;
  logGroupArn: string;
  /** The concrete stream ARN both actions were evaluated on. */
  logStreamArn: string;
  evaluations: LogWriteEvaluation[];
}

type LogFunction = Pick<FunctionFacts, 'name' | 'partition' | 'region' | 'accountId' | 'logGroupName'>;

/**
 * A stream name shaped like the ones Lambda creates: `YYYY/MM/DD/[$LATEST]<id>` in the default group,
 * `YYYY/MM/DD/<function>[$LATEST]<id>` in a custom one.
 */
function sampleStreamName(fn: LogFunction): string {
  const custom = fn.logGroupName !== `/aws/lambda/${fn.name}`;
  return `2026/01/01/${custom ? fn.name : ''}[$LATEST]0123456789abcdef0123456789abcdef`;
}

/**
 * Can the function's execution role write its logs? Evaluates logs:CreateLogStream and
 * logs:PutLogEvents on a concrete log-stream ARN of the function's own log group
 * (`arn:<p>:logs:<region>:<account>:log-group:<name>:log-stream:<stream>`): CloudWatch Logs authorizes
 * both against the stream, which is why AWS's own policies write `log-group:/aws/lambda/fn:*` and why a
 * grant on `log-group:/aws/lambda/fn` alone does not work. Pure: pass `extraPolicies` to ask
 * "would it, with this policy attached?" before attaching it.
 */
export function canWriteLogs(
  fn: LogFunction,
  role: Pick<RoleFacts, 'policies' | 'permissionsBoundary'>,
  extraPolicies: readonly PolicySource[] = [],
): CanWriteLogsResult {
  const logGroupArn = `arn:${fn.partition}:logs:${fn.region}:${fn.accountId}:log-group:${fn.logGroupName}`;
  const logStreamArn = `${logGroupArn}:log-stream:${sampleStreamName(fn)}`;
  // Lambda writes in the function's own region, so aws:RequestedRegion is known; nothing else is.
  const context = regionContext(fn.region);
  const evaluations = (['logs:CreateLogStream', 'logs:PutLogEvents'] as const).map((action) => {
    // Each function has its own stream: nobody asks this again, so the answer is not remembered.
    const result = evaluateRoleOnce(role, { action, resource: logStreamArn, context }, extraPolicies);
    return { action, resource: logStreamArn, result, guaranteed: isGuaranteedAllowed(result) };
  });
  return { canWrite: evaluations.every((e) => e.guaranteed), logGroupArn, logStreamArn, evaluations };
}
