/**
 * The catalogue of checks, in report order: the keycard (execution role) first, then the lock
 * (resource policy and URL), then evaluation gaps, then the stack's own health (a trail). Explicit imports, no side-effect registration,
 * so bundlers keep exactly these and a reader finds every check from here.
 */
import type { Check } from './types.ts';
import { adminAccessCheck } from './admin-access.ts';
import { broadTrustPolicyCheck } from './broad-trust-policy.ts';
import { confusedDeputyCheck } from './confused-deputy.ts';
import { crossAccountInvokeCheck } from './cross-account-invoke.ts';
import { evaluationIncompleteCheck } from './evaluation-incomplete.ts';
import { lambdaCannotAssumeRoleCheck } from './lambda-cannot-assume-role.ts';
import { missingFeaturePermissionsCheck } from './missing-feature-permissions.ts';
import { missingLogPermissionsCheck } from './missing-log-permissions.ts';
import { noManagementEventsTrailCheck } from './no-management-events-trail.ts';
import { privilegeEscalationCheck } from './privilege-escalation.ts';
import { publicFunctionUrlCheck } from './public-function-url.ts';
import { publicInvokeCheck } from './public-invoke.ts';
import { sharedExecutionRoleCheck } from './shared-execution-role.ts';
import { wildcardPermissionsCheck } from './wildcard-permissions.ts';

export const CHECKS: readonly Check[] = Object.freeze([
  adminAccessCheck,
  privilegeEscalationCheck,
  missingLogPermissionsCheck,
  missingFeaturePermissionsCheck,
  lambdaCannotAssumeRoleCheck,
  broadTrustPolicyCheck,
  sharedExecutionRoleCheck,
  wildcardPermissionsCheck,
  publicInvokeCheck,
  publicFunctionUrlCheck,
  crossAccountInvokeCheck,
  confusedDeputyCheck,
  evaluationIncompleteCheck,
  noManagementEventsTrailCheck,
]);

const byId = new Map(CHECKS.map((check) => [check.metadata.id, check]));

/** The registered check with this id, or undefined. */
export function checkById(id: string): Check | undefined {
  return byId.get(id);
}
