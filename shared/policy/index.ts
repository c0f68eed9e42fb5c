// Keycard's pure IAM policy evaluator: no AWS SDK, no I/O. See README.md in this folder for the
// semantics (three-valued conditions, NotAction/NotResource, boundaries) and what is not supported.
export type * from './types.ts';
export type * from './EvaluationResult.ts';
export type { AccessRequest } from './AccessRequest.ts';
export type { PrincipalSet } from './PrincipalSet.ts';
export type { ParsedConditionOperator } from './parseConditionOperator.ts';
export type { ConditionBlockResult, ConditionContext } from './evaluateConditionBlock.ts';
export type { ConditionKeyUse } from './conditionKeysIn.ts';
export { PolicyError, PolicyParseError } from './errors.ts';
export { parsePolicyDocument } from './parsePolicyDocument.ts';
export { statementsOf } from './statementsOf.ts';
export { toList } from './toList.ts';
export { matchAction } from './matchAction.ts';
export { matchResource } from './matchResource.ts';
export { evaluateIdentityPolicies } from './evaluateIdentityPolicies.ts';
export { isGuaranteedAllowed } from './isGuaranteedAllowed.ts';
export { isAllowedUnlessConditionalDeny } from './isAllowedUnlessConditionalDeny.ts';
export { mayAllowAction } from './mayAllowAction.ts';
export { evaluateConditionBlock } from './evaluateConditionBlock.ts';
export { parseConditionOperator } from './parseConditionOperator.ts';
export { principalsOf } from './principalsOf.ts';
export { accountOfPrincipal } from './accountOfPrincipal.ts';
export { conditionKeysIn } from './conditionKeysIn.ts';
