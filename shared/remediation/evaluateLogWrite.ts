/**
 * Can the role write the function's logs? The one question remediation asks, before and with a
 * change. Asked of the same helper the missing-log-permissions check uses (canWriteLogs), so the
 * remediation and the finding can never disagree; the answer is kept compact and JSON-serialisable
 * because plans and outcomes are stored (idempotency) and alerted.
 */
import { canWriteLogs } from '../checks/role/canWriteLogs.ts';
import { explainNotGuaranteed } from '../checks/role/explainNotGuaranteed.ts';
import type { FunctionFacts, RoleFacts } from '../facts/types.ts';
import type { Decision, PolicySource } from '../policy/index.ts';

export interface LogActionVerdict {
  action: string;
  /** The log-stream ARN evaluated. */
  resource: string;
  decision: Decision;
  /** When not guaranteed: why (names the Deny statement, the boundary, the condition keys), without the action. */
  obstacle?: string;
}

export interface LogWriteVerdict {
  /** True only when both log actions are allowed whatever the request context. */
  allowed: boolean;
  actions: LogActionVerdict[];
}

export function evaluateLogWrite(fn: FunctionFacts, role: RoleFacts, extraPolicies: readonly PolicySource[] = []): LogWriteVerdict {
  const r = canWriteLogs(fn, role, extraPolicies);
  return {
    allowed: r.canWrite,
    actions: r.evaluations.map((e) => ({
      action: e.action,
      resource: e.resource,
      decision: e.result.decision,
      ...(e.guaranteed ? {} : { obstacle: obstacleOf(explainNotGuaranteed(e.result, e.action), role) }),
    })),
  };
}

function obstacleOf(why: ReturnType<typeof explainNotGuaranteed>, role: RoleFacts): string {
  const boundary = role.permissionsBoundary;
  const named = why.blocker === 'boundary' && boundary !== undefined ? ` (boundary ${boundary.arn ?? boundary.name})` : '';
  return `${why.reason}${named}`;
}

/** `logs:CreateLogStream and logs:PutLogEvents: explicitly denied by ...`, one clause per distinct reason. */
export function describeObstacles(v: LogWriteVerdict): string {
  const byReason = new Map<string, string[]>();
  for (const a of v.actions) {
    if (a.obstacle === undefined) continue;
    byReason.set(a.obstacle, [...(byReason.get(a.obstacle) ?? []), a.action]);
  }
  return [...byReason].map(([reason, actions]) => `${actions.join(' and ')}: ${reason}`).join('; ');
}

export function logGroupArn(fn: Pick<FunctionFacts, 'partition' | 'region' | 'accountId' | 'logGroupName'>): string {
  return `arn:${fn.partition}:logs:${fn.region}:${fn.accountId}:log-group:${fn.logGroupName}`;
}
