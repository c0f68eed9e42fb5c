/** docs/organization-cli.md must stay true: every keycard command it shows parses, its policy files exist. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../cli/commands/parseAuditArgs.ts';

const PAGE = 'docs/organization-cli.md';
const text = readFileSync(PAGE, 'utf8');
const commands = [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((block) => block[1]!.split('\n'))
  .map((line) => line.trim())
  .filter((line) => line.startsWith('keycard '));

describe(PAGE, () => {
  it('shows --org with and without --accounts', () => {
    expect(commands.length).toBeGreaterThanOrEqual(4);
    expect(commands.some((line) => line.includes('--accounts'))).toBe(true);
    expect(commands.some((line) => !line.includes('--accounts'))).toBe(true);
  });

  it.each(commands)('%s parses as an --org audit', (line) => {
    const [, command, ...argv] = line.split(/\s+/);
    expect(command).toBe('audit');
    const args = parseAuditArgs(argv);
    expect(args.source).toMatchObject({ kind: 'live', org: expect.any(Object) });
  });

  it('links the policy files it names', () => {
    for (const file of ['keycard-reader-policy.json', 'keycard-org-caller-policy.json']) {
      expect(text).toContain(`](${file})`);
      expect(existsSync(`docs/${file}`), file).toBe(true);
    }
  });
});
