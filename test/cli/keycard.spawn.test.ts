import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The real entry point in a child process, as `npm run keycard` runs it. */
function keycard(...args: string[]) {
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
  return spawnSync('npx', ['tsx', 'cli/keycard.ts', ...args], { encoding: 'utf8', env });
}

// Each spawn starts npx and tsx afresh: allow for a loaded machine.
describe('cli/keycard.ts (spawned)', { timeout: 60_000 }, () => {
  it('audits the demo account: table on stdout, exit 1, no colours in a pipe', () => {
    const child = keycard('audit', '--snapshot', 'examples/demo-account');
    expect(child.status).toBe(1);
    expect(child.stdout.split('\n').find((l) => l.startsWith('[WORST CASE]'))).toBe('[WORST CASE] ops-runbook-runner');
    expect(child.stdout).toMatch(/^Summary: \d+ findings/m);
    expect(child.stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 2 with one line on stderr for a usage error', () => {
    const child = keycard('audit', '--snapshot', 'examples/demo-account', '--format', 'xml');
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe("keycard audit: --format 'xml' is not one of table, json, sarif (see 'keycard audit --help')\n");
  });
});
