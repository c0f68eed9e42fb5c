import { describe, expect, it } from 'vitest';
import { ESCALATION_ACTIONS, findEscalationPaths } from '../../shared/checks/role/escalationPaths.ts';
import type { PolicySource } from '../../shared/policy/index.ts';
import { makeRole } from './fixtures/role/factories.ts';

const everything: PolicySource = {
  name: 'everything',
  kind: 'inline',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

describe('findEscalationPaths', () => {
  it('ESCALATION_ACTIONS names exactly the actions the probes ask (a role allowed everything has a path for each)', () => {
    const boundary: PolicySource = { ...everything, name: 'boundary-everything', kind: 'permissions-boundary', arn: 'arn:aws:iam::123456789012:policy/boundary-everything' };
    const role = makeRole({ policies: [everything], boundary });
    const actions = findEscalationPaths(role, 'us-east-1').map((p) => p.action);
    expect(new Set(actions)).toEqual(new Set(ESCALATION_ACTIONS));
    expect(actions).toHaveLength(ESCALATION_ACTIONS.length);
  });

  it('finds no path without building probes when no Allow names a probed action', () => {
    const role = makeRole({ policies: [{ ...everything, document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }] });
    expect(findEscalationPaths(role, 'us-east-1')).toEqual([]);
  });
});
