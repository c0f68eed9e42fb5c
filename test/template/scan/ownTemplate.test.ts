/**
 * `keycard scan` on Keycard's own template.yaml, with each parameter combination the stack supports:
 * nothing, not even an info gap, except the one power issue 4 accepts for the opt-in inline-scoped
 * remediation style (see test/template/ownChecks.test.ts, which builds the same roles by hand).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanText } from './scanText.ts';

const text = readFileSync('template.yaml', 'utf8');
const policyLine = text.split('\n').findIndex((l) => l.includes('Sid: PutScopedLogPolicy')) + 1;

const CASES: [Record<string, string>, string[]][] = [
  [{}, []],
  [{ RemediationMode: 'remediate' }, []],
  [{ RemediationMode: 'remediate', DryRun: 'true' }, []],
  [{ AuditSchedule: '' }, []],
  [{ AlertEmail: 'security@example.com', TrustedAccountIds: '444455556666' }, []],
  [
    { RemediationMode: 'remediate', RemediationStyle: 'inline-scoped' },
    [`privilege-escalation OnFunctionChangeRole @${policyLine}`, `privilege-escalation OnRoleChangeRole @${policyLine}`],
  ],
];

describe("keycard scan on Keycard's own template", () => {
  it.each(CASES)('with %j finds exactly what is accepted', (parameterOverrides, expected) => {
    const { result } = scanText(text, { parameterOverrides }, parameterOverrides.TrustedAccountIds ? [parameterOverrides.TrustedAccountIds] : []);
    expect(result.summary).toMatchObject({ functionsEvaluated: 3, rolesEvaluated: 3 });
    const found = result.findings.map((f) => `${f.checkId} ${f.resourceArn.split('/').pop()} @${f.location?.line}`).sort();
    expect(found).toEqual(expected);
  });
});
