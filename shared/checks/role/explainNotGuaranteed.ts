import type { EvaluationResult, PolicySource } from '../../policy/index.ts';
import type { Evidence } from '../types.ts';
import { describeMatch, matchEvidence } from './statementEvidence.ts';

/** Why a needed permission is not guaranteed, in the order IAM would decide it. */
export type Blocker = 'explicit-deny' | 'no-allow' | 'boundary' | 'conditional';

export interface NotGuaranteedExplanation {
  blocker: Blocker;
  /** One clause, e.g. `explicitly denied by policy "x" statement "DenyLogs"`. */
  reason: string;
  evidence: Evidence[];
}

/**
 * Explains a result that is not `Allowed`: names the Deny statement, the missing Allow, the boundary,
 * or the condition keys an Allow depends on (a conditional Allow is never a guarantee).
 */
export function explainNotGuaranteed(
  r: EvaluationResult,
  what: string,
  boundaryPolicy?: Pick<PolicySource, 'name' | 'arn'>,
): NotGuaranteedExplanation {
  const unconditionalDenies = [...r.identity.deniedBy, ...(r.boundary?.deniedBy ?? [])].filter((m) => m.unconditional);
  if (unconditionalDenies.length > 0) {
    return {
      blocker: 'explicit-deny',
      reason: `explicitly denied by ${unconditionalDenies.map(describeMatch).join(', ')}`,
      evidence: unconditionalDenies.map((m) => matchEvidence(m, `Deny statement matches ${what} unconditionally.`)),
    };
  }
  if (r.identity.allow === 'none') {
    return {
      blocker: 'no-allow',
      reason: 'no statement in the role\'s identity policies allows it',
      evidence: [{ source: 'execution-role', note: `No identity policy statement allows ${what}.` }],
    };
  }
  if (r.boundary && r.boundary.allow === 'none') {
    const allows = r.identity.allowedBy.map((m) => matchEvidence(m, `Allows ${what}, but the permissions boundary does not.`));
    return {
      blocker: 'boundary',
      reason: 'the identity policies allow it but the permissions boundary does not',
      evidence: [
        ...allows,
        {
          source: boundaryPolicy?.name ?? 'permissions-boundary',
          ...(boundaryPolicy?.arn !== undefined ? { policyArn: boundaryPolicy.arn } : {}),
          note: `No statement of the permissions boundary allows ${what}.`,
        },
      ],
    };
  }
  const conditional = [
    ...r.identity.allowedBy,
    ...(r.boundary?.allowedBy ?? []),
    ...r.identity.deniedBy,
    ...(r.boundary?.deniedBy ?? []),
  ].filter((m) => !m.unconditional);
  const keys = r.conditionKeys.length > 0 ? r.conditionKeys.join(', ') : 'conditions Keycard cannot evaluate';
  return {
    blocker: 'conditional',
    reason: `allowed only under conditions (${keys}), so not guaranteed`,
    evidence: conditional.map((m) =>
      matchEvidence(
        m,
        `${m.effect} statement for ${what} depends on ${m.conditionKeys.join(', ') || 'an unsupported condition operator'}; ` +
          'an Allow under a condition is never counted as a guarantee.',
      ),
    ),
  };
}
