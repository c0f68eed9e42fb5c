import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The real entry point in a child process, as `npm run keycard` runs it. */
function keycard(...args: string[]) {
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
  return spawnSync('npx', ['tsx', 'cli/keycard.ts', ...args], { encoding: 'utf8', env });
}

/** A live run that cannot reach AWS: no region, fake keys, no config files, no instance metadata. */
function keycardOffline(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|NO_COLOR$|FORCE_COLOR$)/.test(key)));
  return spawnSync('npx', ['tsx', 'cli/keycard.ts', ...args], {
    encoding: 'utf8',
    env: {
      ...env,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_CONFIG_FILE: 'test/cli/fixtures/no-such-aws-config',
      AWS_SHARED_CREDENTIALS_FILE: 'test/cli/fixtures/no-such-aws-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
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

  it("shows a live run's error as one line, without the SDK's Node-version warning", () => {
    const child = keycardOffline('audit', '--live');
    expect(child.status).toBe(2);
    expect(child.stderr).not.toMatch(/NodeVersionSupportWarning|upgrade to node/);
    expect(child.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(child.stderr).toMatch(/^keycard: .*region/i);
  });

  it('exits 2 with one line on stderr for a usage error', () => {
    const child = keycard('audit', '--snapshot', 'examples/demo-account', '--format', 'xml');
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe("keycard audit: --format 'xml' is not one of table, json, sarif (see 'keycard audit --help')\n");
  });
});
