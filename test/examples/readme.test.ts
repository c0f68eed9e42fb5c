import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/registry.ts';
import { filterBySeverity } from '../../shared/engine/filterBySeverity.ts';
import { renderTable } from '../../shared/report/renderTable.ts';
import { auditDemoAccount } from './auditDemoAccount.ts';

const readme = readFileSync('README.md', 'utf8');

/** The README is the front page: what it states about the demo and the contracts must stay true. */
describe('README.md', () => {
  it('sets up in exactly the two commands of the issue', () => {
    expect(readme).toContain('```sh\nnpm ci && npm run demo\nnpm test\n```');
  });

  it("quotes the demo's summary line as the CLI prints it", async () => {
    // As `npm run demo` prints it: the CLI's default --min-severity is low.
    const lines = renderTable(filterBySeverity(await auditDemoAccount(), 'low'), { color: false }).trimEnd().split('\n');
    const summary = lines.slice(lines.findIndex((l) => l.startsWith('Summary:'))).join('\n');
    expect(readme).toContain(`\n${summary}\n`);
  });

  it('lists every registered check in its table', () => {
    for (const check of CHECKS) expect(readme).toContain(`| \`${check.metadata.id}\` | ${check.metadata.severity}`);
  });

  it.each(['checkId', 'severity', 'resourceArn', 'functionArns', 'title', 'detail', 'evidence', 'remediation', 'door'])(
    'documents the JSON finding field %s',
    (field) => {
      expect(readme).toContain(`| \`${field}\` |`);
    },
  );

  it('says the licence', () => {
    expect(readme).toMatch(/Apache-2\.0/);
  });
});
