/** Engine test fixtures: stand-in role checks with the real ids, so roll-up is tested apart from role logic. */
import type { Check, RoleCheck } from '../../shared/checks/types.ts';
import type { RoleFacts } from '../../shared/facts/types.ts';

/** A role check with a real id that fires when the role carries tag `power=<id>`. */
export function taggedRoleCheck(id: 'admin-access' | 'privilege-escalation' | 'shared-execution-role', severity: 'critical' | 'high' | 'low'): RoleCheck {
  return {
    scope: 'role',
    metadata: {
      id,
      severity,
      door: 'role',
      title: id,
      rationale: 'test',
      remediation: { text: 'test', cli: 'aws iam get-role --role-name <RoleName>' },
    },
    evaluate(role: RoleFacts, functions) {
      if (role.tags.power !== id) return [];
      return [
        {
          checkId: id,
          severity,
          door: 'role',
          resourceArn: role.arn,
          functionArns: functions.map((f) => f.arn),
          title: id,
          detail: `${role.name} ${id}`,
          evidence: [],
          remediation: { text: 'test', cli: 'test' },
        },
      ];
    },
  };
}

export const ROLE_CHECKS: Check[] = [taggedRoleCheck('admin-access', 'critical'), taggedRoleCheck('privilege-escalation', 'high')];
