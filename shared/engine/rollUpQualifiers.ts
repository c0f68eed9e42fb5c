import type { FunctionFacts } from '../facts/types.ts';
import type { Exposure, FunctionRisk, RolePower } from './AuditResult.ts';
import { riskScoreOf } from './rollUpRisk.ts';
import { severityRank } from './severityRank.ts';

/**
 * Per-qualifier risks (one per FunctionFacts, as rollUpRisk returns them) grouped under their
 * function: each function's entry lists its aliases and versions in `qualifiers` and rolls up over
 * itself and them. Exposures and role powers are ranked with rollUpRisk's own score, so the two
 * stay in step. Sorted by riskScore descending (ties: ARN), as rollUpRisk sorts.
 */
export function rollUpQualifiers(risks: readonly FunctionRisk[], functions: readonly FunctionFacts[]): FunctionRisk[] {
  const factsByArn = new Map(functions.map((fn) => [fn.arn, fn]));
  const byFunction = new Map<string, FunctionRisk>();
  const children = new Map<string, FunctionRisk[]>();
  for (const risk of risks) {
    const qualified = factsByArn.get(risk.functionArn)?.qualified;
    if (qualified === undefined) {
      byFunction.set(risk.functionArn, risk);
      continue;
    }
    const entry: FunctionRisk = {
      ...risk,
      qualifier: qualified.qualifier,
      qualifierKind: qualified.kind,
      ...(qualified.kind === 'alias' ? { version: qualified.version } : {}),
    };
    const list = children.get(qualified.unqualifiedArn) ?? [];
    list.push(entry);
    children.set(qualified.unqualifiedArn, list);
  }

  const rolled: FunctionRisk[] = [];
  for (const [arn, risk] of byFunction) {
    const qualifiers = children.get(arn);
    children.delete(arn);
    rolled.push(qualifiers === undefined ? risk : rollUp(risk, qualifiers));
  }
  // Qualifiers whose function was not evaluated (a targeted read) stand on their own.
  for (const orphans of children.values()) rolled.push(...orphans);
  return rolled.sort(byRisk);
}

function rollUp(fn: FunctionRisk, qualifiers: FunctionRisk[]): FunctionRisk {
  const all = [fn, ...qualifiers];
  const exposure = widest(all.map((r) => r.exposure), (e) => riskScoreOf(e, 'ordinary', undefined, 0));
  const rolePower = widest(all.map((r) => r.rolePower), (p) => riskScoreOf('private', p, undefined, 0));
  const severities = all.flatMap((r) => (r.worstSeverity === undefined ? [] : [r.worstSeverity]));
  const worstSeverity = severities.sort((a, b) => severityRank(a) - severityRank(b))[0];
  const rolled: FunctionRisk = {
    ...fn,
    exposure,
    rolePower,
    worstCase: all.some((r) => r.worstCase),
    riskScore: Math.max(...all.map((r) => r.riskScore)),
    qualifiers: [...qualifiers].sort(byRisk),
  };
  if (worstSeverity !== undefined) rolled.worstSeverity = worstSeverity;
  return rolled;
}

function widest<T extends Exposure | RolePower>(values: T[], rank: (value: T) => number): T {
  return values.reduce((worst, value) => (rank(value) > rank(worst) ? value : worst));
}

function byRisk(a: FunctionRisk, b: FunctionRisk): number {
  return b.riskScore - a.riskScore || (a.functionArn < b.functionArn ? -1 : a.functionArn > b.functionArn ? 1 : 0);
}
