/**
 * `npm install -g .` and `npm pack` give a `keycard` command that is plain JavaScript: the bin entry is
 * the esbuild bundle of cli/keycard.ts (built by the `prepare` script), run by node with no tsx.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
  version: string;
};
const BIN = `${ROOT}${pkg.bin.keycard}`;

describe('the installable keycard command', () => {
  beforeAll(() => {
    execFileSync('node', [`${ROOT}${pkg.scripts['build:cli']!.replace(/^node /, '')}`], { cwd: ROOT });
  });

  it('is a built JavaScript file that npm packs and builds on install', () => {
    expect(pkg.bin.keycard).toBe('dist/cli/keycard.mjs');
    expect(pkg.files).toContain('dist/cli/');
    expect(pkg.scripts.prepare).toBe(pkg.scripts['build:cli']);
    const code = readFileSync(BIN, 'utf8');
    expect(code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(code).not.toMatch(/from ['"]tsx|\.ts['"]\)/);
  });

  it('runs with node alone: version, and the demo audit from another folder', () => {
    const version = spawnSync(BIN, ['--version'], { encoding: 'utf8', cwd: '/' });
    expect(version.stdout.trim()).toBe(pkg.version);
    const demo = spawnSync('node', [BIN, 'audit', '--snapshot', `${ROOT}examples/demo-account`], { encoding: 'utf8', cwd: '/' });
    expect(demo.status).toBe(1);
    expect(demo.stdout).toContain('[WORST CASE] ops-runbook-runner');
  });
});
