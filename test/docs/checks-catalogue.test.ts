import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/registry.ts';
import { renderCheckCatalogue } from '../../shared/checks/renderCheckCatalogue.ts';
import type { Check } from '../../shared/checks/types.ts';

const onDisk = readFileSync(new URL('../../docs/checks.md', import.meta.url), 'utf8');

describe('docs/checks.md', () => {
  it('matches the registry metadata', () => {
    const fresh = renderCheckCatalogue(CHECKS);
    expect(onDisk === fresh, 'docs/checks.md is stale: run `npm run docs` and commit the result').toBe(true);
  });

  it('renders every check with its severity, rationale and exact CLI', () => {
    for (const { metadata: m } of CHECKS) {
      const section = onDisk.slice(onDisk.indexOf(`\n## ${m.id}\n`));
      expect(section).toContain(`- Severity: ${m.severity}`);
      expect(section).toContain(m.rationale);
      expect(section).toContain(`\`\`\`sh\n${m.remediation.cli}\n\`\`\``);
    }
  });

  it('renders deterministically and escapes table pipes', () => {
    const check: Check = {
      scope: 'function',
      metadata: {
        id: 'sample-check',
        severity: 'low',
        door: 'resource-policy',
        title: 'A | B',
        rationale: 'Why.',
        remediation: { text: 'Do.', cli: 'aws lambda get-policy --function-name <FunctionName>' },
      },
      evaluate: () => [],
    };
    expect(renderCheckCatalogue([check])).toBe(renderCheckCatalogue([check]));
    expect(renderCheckCatalogue([check])).toContain('| [`sample-check`](#sample-check) | low | resource-policy | A \\| B |');
  });
});
