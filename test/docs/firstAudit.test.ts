/** docs/first-audit.md must stay true: every keycard command it shows parses, every file it links exists. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuditArgs } from '../../cli/commands/parseAuditArgs.ts';
import { parseSnapshotArgs } from '../../cli/commands/parseSnapshotArgs.ts';

const PAGE = 'docs/first-audit.md';
const text = readFileSync(PAGE, 'utf8');

/** `keycard ...` lines of the shell blocks, comments dropped (none of them quotes anything). */
const commands = [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((block) => block[1]!.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith('keycard '));

describe(PAGE, () => {
  it('shows the commands a first audit needs', () => {
    expect(commands).toContain('keycard audit --live --profile keycard-audit --region eu-west-1');
    expect(commands.some((line) => line.startsWith('keycard snapshot '))).toBe(true);
    expect(text).toContain('npx keycard');
    expect(text).toContain('npm run --silent keycard --');
    expect(text).toContain('aws sts get-caller-identity');
  });

  it.each(commands)('%s parses with the real argument parser', (line) => {
    const [, command, ...argv] = line.split(/\s+/);
    if (command === 'audit') expect(parseAuditArgs(argv).help).toBe(false);
    else if (command === 'snapshot') expect(parseSnapshotArgs(argv).help).toBe(false);
    else expect(['--help', '--version']).toContain(command);
  });

  it('links only to files that exist', () => {
    const links = [...text.matchAll(/\]\(([^)#]+)\)/g)].map((match) => match[1]!).filter((link) => !/^https?:/.test(link));
    expect(links.length).toBeGreaterThan(2);
    for (const link of links) expect(existsSync(join(dirname(PAGE), link)), link).toBe(true);
  });
});
