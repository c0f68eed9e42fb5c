import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../cli/run.ts';
import { captureIO } from './captureIO.ts';

const DEMO = 'examples/demo-account';
const ADMIN_ROLE = 'arn:aws:iam::111122223333:role/ops-runbook-runner-role';
const WEBHOOK = 'arn:aws:lambda:us-east-1:111122223333:function:payments-webhook';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function muteFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'keycard-mute-'));
  tempDirs.push(dir);
  const file = join(dir, 'mutes.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
const mute = (checkId: string, arn: string, expires = '2099-01-01', reason = 'accepted in review KC-12') => ({ checkId, arn, expires, reason });

async function audit(...flags: string[]) {
  const io = captureIO();
  const code = await run(['audit', '--snapshot', DEMO, ...flags], io);
  return { code, out: io.out, err: io.err };
}

describe('keycard audit --mute-file', () => {
  it('counts a muted finding in the table and leaves it out of the report', async () => {
    const plain = await audit('--format', 'json');
    const file = muteFile({ mutes: [mute('admin-access', ADMIN_ROLE)] });
    const table = await audit('--mute-file', file);
    expect(table.code).toBe(1);
    expect(table.out).toContain('1 finding muted (--show-muted to list them).');
    expect(table.out).not.toContain('admin-access');

    const json = JSON.parse((await audit('--mute-file', file, '--format', 'json')).out);
    expect(json.summary.muted).toBe(1);
    expect(json.summary.findings).toBe(JSON.parse(plain.out).summary.findings - 1);
    expect(json.summary.byCheck['admin-access']).toBe(0);
    expect(json.findings.some((f: { checkId: string }) => f.checkId === 'admin-access')).toBe(false);
    expect(json.muted).toBeUndefined();
  });

  it('--show-muted lists each muted finding with its reason and expiry (table and JSON)', async () => {
    const file = muteFile({ mutes: [mute('admin-access', ADMIN_ROLE, '2099-03-01', 'break-glass runner, owned by SRE')] });
    const table = await audit('--mute-file', file, '--show-muted');
    expect(table.out).toContain('Muted findings (1)');
    expect(table.out).toMatch(/admin-access[\s\S]*muted until 2099-03-01: break-glass runner, owned by SRE/);
    const json = JSON.parse((await audit('--mute-file', file, '--show-muted', '--format', 'json')).out);
    expect(json.muted).toHaveLength(1);
    expect(json.muted[0].finding.checkId).toBe('admin-access');
    expect(json.muted[0].mute.reason).toBe('break-glass runner, owned by SRE');
  });

  it('the exit code counts unmuted findings only', async () => {
    const all = JSON.parse((await audit('--format', 'json')).out).findings as { checkId: string; resourceArn: string }[];
    const file = muteFile({ mutes: all.map((f) => mute(f.checkId, f.resourceArn)) });
    const result = await audit('--mute-file', file);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${all.length} findings muted`);
  });

  it('an expired mute no longer mutes and is named on stderr', async () => {
    const file = muteFile({ mutes: [mute('cross-account-invoke', WEBHOOK, '2020-01-01')] });
    const result = await audit('--mute-file', file, '--format', 'json');
    expect(JSON.parse(result.out).summary.muted).toBe(0);
    expect(JSON.parse(result.out).findings.some((f: { checkId: string }) => f.checkId === 'cross-account-invoke')).toBe(true);
    expect(result.err).toContain(`the mute of cross-account-invoke on ${WEBHOOK} expired on 2020-01-01 and no longer mutes`);
  });

  it.each([
    ['a field that is wrong', { mutes: [mute('admin-access', ADMIN_ROLE, 'March')] }, /mutes\[0\]\.expires: .*YYYY-MM-DD/],
    ['a missing field', { mutes: [{ checkId: 'admin-access', arn: ADMIN_ROLE, expires: '2099-01-01' }] }, /mutes\[0\]\.reason: /],
    ['not JSON', 'mutes:', /not JSON/],
  ])('a bad file (%s) is exit 2 with one line naming the file and the field', async (_label, content, message) => {
    const file = muteFile(content);
    const result = await audit('--mute-file', file);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain(`--mute-file ${file}: `);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file is exit 2 naming it', async () => {
    const result = await audit('--mute-file', '/nonexistent/keycard-mutes.json');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--mute-file /nonexistent/keycard-mutes.json: cannot read the file (ENOENT)');
  });

  it('refuses --mute-file twice and --show-muted without --mute-file', async () => {
    const file = muteFile({ mutes: [] });
    expect((await audit('--mute-file', file, '--mute-file', file)).code).toBe(2);
    const alone = await audit('--show-muted');
    expect(alone.code).toBe(2);
    expect(alone.err).toContain('--show-muted lists what --mute-file FILE muted; give --mute-file too');
  });
});
