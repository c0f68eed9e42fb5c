import { compileConditionBlock, type CompiledConditionBlock } from './compileConditionBlock.ts';
import { compileWildcard, HAS_WILDCARD, trailingStarPrefix, type WildcardMatcher } from './compileWildcard.ts';
import { hasVariables } from './policyVariables.ts';
import { statementsOf } from './statementsOf.ts';
import { undecidedArnPattern } from './undecidedArnPattern.ts';
import { toList } from './toList.ts';
import type { Effect, PolicyDocument } from './types.ts';

/** An action pattern ready to test against a lower-cased action: `true` = matches all. */
export type ActionMatcher = true | string | { prefix: string } | { glob: WildcardMatcher };

/**
 * A resource pattern: `true` = `*`; a string is exact unless `variables`, then resolved per request.
 * `undecided` says why IAM's documentation does not decide what the glob matches (see undecidedArnPattern).
 */
export type ResourceMatcher =
  | true
  | { exact: string }
  | { prefix: string }
  | { glob: WildcardMatcher; undecided?: string }
  | { variables: string };

export interface NormalizedStatement {
  index: number;
  sid?: string;
  effect: Effect;
  actions: ActionMatcher[];
  /** True for NotAction: the statement covers every action except `actions`. */
  notAction: boolean;
  /** Undefined when the statement names no Resource/NotResource (trust policies): matches any. */
  resources?: ResourceMatcher[];
  notResource: boolean;
  conditions?: CompiledConditionBlock;
}

const cache = new WeakMap<PolicyDocument, NormalizedStatement[]>();

/**
 * Policy variables exist only in documents of version 2012-10-17; without `Version` (or with
 * 2008-10-17) `${...}` is literal text (IAM JSON policy elements: Version).
 */
export const usesPolicyVariables = (doc: PolicyDocument): boolean => doc.Version === '2012-10-17';

function actionMatcher(pattern: string): ActionMatcher {
  if (pattern === '*') return true;
  if (!HAS_WILDCARD.test(pattern)) return pattern.toLowerCase();
  const prefix = trailingStarPrefix(pattern);
  return prefix !== undefined ? { prefix: prefix.toLowerCase() } : { glob: compileWildcard(pattern, 'action') };
}

function resourceMatcher(pattern: string, variables: boolean): ResourceMatcher {
  if (pattern === '*') return true;
  if (variables && hasVariables(pattern)) return { variables: pattern };
  if (!HAS_WILDCARD.test(pattern)) return { exact: pattern };
  const undecided = undecidedArnPattern(pattern);
  if (undecided !== undefined) return { glob: compileWildcard(pattern, 'arn'), undecided };
  const prefix = trailingStarPrefix(pattern);
  return prefix !== undefined ? { prefix } : { glob: compileWildcard(pattern, 'arn') };
}

/**
 * Pre-normalises a document's statements once (cached per document object), so that evaluating
 * a role many times never re-reads the raw JSON shape.
 */
export function normalizeStatements(doc: PolicyDocument): NormalizedStatement[] {
  const hit = cache.get(doc);
  if (hit) return hit;
  const variables = usesPolicyVariables(doc);
  const out = statementsOf(doc).map((s, index): NormalizedStatement => {
    const notAction = s.Action === undefined && s.NotAction !== undefined;
    const notResource = s.Resource === undefined && s.NotResource !== undefined;
    const resourceList = notResource ? s.NotResource : s.Resource;
    const conditions = s.Condition ? compileConditionBlock(s.Condition, variables) : undefined;
    return {
      index,
      ...(s.Sid !== undefined && s.Sid !== '' ? { sid: s.Sid } : {}),
      effect: s.Effect,
      actions: toList(notAction ? s.NotAction : s.Action).map(actionMatcher),
      notAction,
      ...(resourceList !== undefined ? { resources: toList(resourceList).map((p) => resourceMatcher(p, variables)) } : {}),
      notResource,
      ...(conditions && conditions.conditions.length > 0 ? { conditions } : {}),
    };
  });
  cache.set(doc, out);
  return out;
}

/** Whether the statement's Action (or NotAction) covers the action; resources and conditions aside. */
export function coversAction(s: NormalizedStatement, actionLower: string): boolean {
  let hit = false;
  for (const m of s.actions) {
    if (
      m === true ||
      (typeof m === 'string' ? m === actionLower : 'glob' in m ? m.glob.test(actionLower) : actionLower.startsWith(m.prefix))
    ) {
      hit = true;
      break;
    }
  }
  return s.notAction ? !hit : hit;
}
