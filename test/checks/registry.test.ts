import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS, checkById } from '../../shared/checks/registry.ts';
import { SEVERITIES } from '../../shared/checks/types.ts';

const EXPECTED_IDS = [
  'admin-access',
  'privilege-escalation',
  'missing-log-permissions',
  'missing-feature-permissions',
  'lambda-cannot-assume-role',
  'broad-trust-policy',
  'shared-execution-role',
  'wildcard-permissions',
  'public-invoke',
  'public-function-url',
  'cross-account-invoke',
  'confused-deputy',
  'evaluation-incomplete',
  // issue 9, item 6: the stack's own health.
  'no-management-events-trail',
];

const repoFile = (path: string): URL => new URL(`../../${path}`, import.meta.url);
const catalogue = readFileSync(repoFile('docs/checks.md'), 'utf8');
const rows = CHECKS.map((check) => [check.metadata.id, check] as const);

describe('check registry', () => {
  it('registers exactly the public check ids of issues 2 and 9', () => {
    expect([...CHECKS.map((c) => c.metadata.id)].sort()).toEqual([...EXPECTED_IDS].sort());
  });

  it('has unique ids', () => {
    expect(new Set(CHECKS.map((c) => c.metadata.id)).size).toBe(CHECKS.length);
  });

  describe.each(rows)('%s', (id, check) => {
    it('has a kebab-case id that names its source file', () => {
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(existsSync(repoFile(`shared/checks/${id}.ts`))).toBe(true);
    });

    it('has complete metadata', () => {
      const m = check.metadata;
      expect(SEVERITIES).toContain(m.severity);
      expect(['role', 'resource-policy']).toContain(m.door);
      expect(['role', 'function']).toContain(check.scope);
      for (const text of [m.title, m.rationale, m.remediation.text, m.remediation.cli]) expect(text.trim()).not.toBe('');
      expect(m.remediation.cli).toMatch(/^aws [a-z0-9-]+ [a-z0-9-]+/);
    });

    it('has its own test file', () => {
      expect(existsSync(repoFile(`test/checks/${id}.test.ts`)), `test/checks/${id}.test.ts`).toBe(true);
    });

    it('is documented in docs/checks.md', () => {
      expect(catalogue).toContain(`\n## ${id}\n`);
    });

    it('is found by checkById', () => {
      expect(checkById(id)).toBe(check);
    });
  });

  it('answers undefined for an unknown id', () => {
    expect(checkById('no-such-check')).toBeUndefined();
  });
});
