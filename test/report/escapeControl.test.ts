import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/run.ts';
import { renderAlert } from '../../shared/alerts/renderAlert.ts';
import { renderDigest } from '../../shared/alerts/renderDigest.ts';
import { cutForMessage } from '../../shared/report/cutForMessage.ts';
import { escapeControl } from '../../shared/report/escapeControl.ts';
import { copySnapshotFixture } from '../account/snapshot/copySnapshotFixture.ts';
import { captureIO } from '../cli/captureIO.ts';
import { finding, TRIGGER } from '../alerts/loadFixtures.ts';

const HOSTILE = 'evil\u001b[2J\u001b[31m\nSummary: 0 findings\r\u0007\u202e';
/** Anything that could move the cursor, colour, ring, reorder, or start a line of its own. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

describe('escapeControl', () => {
  it('shows control characters as escapes and leaves printable text alone', () => {
    expect(escapeControl(HOSTILE)).toBe('evil\\x1b[2J\\x1b[31m\\nSummary: 0 findings\\r\\x07\\u202e');
    expect(escapeControl('orders-api — café ✓')).toBe('orders-api — café ✓');
    expect(escapeControl('\u0000\t\u007f\u0085\u2028')).toBe('\\x00\\t\\x7f\\x85\\u2028');
  });

  it('cuts long values for messages and says how long they were', () => {
    expect(cutForMessage('1'.repeat(100_000))).toBe(`${'1'.repeat(40)}… (100000 characters)`);
    expect(cutForMessage('a\nb')).toBe('a\\nb');
  });
});

describe('input text in every human rendering', () => {
  const hostileFinding = () => {
    const f = finding('public-invoke');
    const arn = `arn:aws:lambda:eu-west-1:111122223333:function:${HOSTILE}`;
    return { ...f, resourceArn: arn, functionArns: [arn], detail: `${HOSTILE}: public`, evidence: [{ source: 'resource-policy', note: HOSTILE, statementSid: HOSTILE }] };
  };

  it('the table, with a crafted function name in a snapshot and NO_COLOR', async () => {
    const dir = await copySnapshotFixture();
    const file = join(dir, 'lambda/functions.json');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('"FunctionName": "reports"', `"FunctionName": ${JSON.stringify(HOSTILE)}`));
    const io = captureIO({ env: { NO_COLOR: '1' } });
    await run(['audit', '--snapshot', dir], io);
    expect(io.out).toContain('evil\\x1b[2J');
    expect(io.out).not.toMatch(RAW_CONTROL);
    expect(io.out.split('\n').filter((line) => line.startsWith('Summary:'))).toHaveLength(1);
  });

  it('the JSON keeps the name as read (JSON escapes it itself)', async () => {
    const dir = await copySnapshotFixture();
    const file = join(dir, 'lambda/functions.json');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('"FunctionName": "reports"', `"FunctionName": ${JSON.stringify(HOSTILE)}`));
    const io = captureIO();
    await run(['audit', '--snapshot', dir, '--format', 'json'], io);
    expect(io.out).not.toMatch(RAW_CONTROL);
    expect(JSON.stringify(JSON.parse(io.out))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });

  it('SARIF messages', async () => {
    const dir = await copySnapshotFixture();
    const file = join(dir, 'lambda/functions.json');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('"FunctionName": "reports"', `"FunctionName": ${JSON.stringify(HOSTILE)}`));
    const io = captureIO();
    await run(['audit', '--snapshot', dir, '--format', 'sarif'], io);
    const messages = (JSON.parse(io.out) as { runs: { results: { message: { text: string } }[] }[] }).runs[0]!.results.map((r) => r.message.text);
    expect(messages.some((m) => m.includes('evil\\x1b[2J'))).toBe(true);
    for (const message of messages) expect(message).not.toMatch(RAW_CONTROL);
  });

  it('alert text (and trigger fields) and digest text', () => {
    const alert = renderAlert({ findings: [hostileFinding()], trigger: { ...TRIGGER, actorArn: HOSTILE }, region: 'eu-west-1', accountId: '111122223333' });
    expect(alert.text).toContain('evil\\x1b[2J');
    expect(alert.text.replaceAll('\n', '')).not.toMatch(RAW_CONTROL);
    expect(alert.text.split('\n').filter((line) => line.startsWith('Summary'))).toHaveLength(0);
    const f = hostileFinding();
    const digest = renderDigest({
      findings: [f],
      functions: [],
      summary: { accountId: '111122223333', region: 'eu-west-1', functionsEvaluated: 1, rolesEvaluated: 1, findings: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 }, byCheck: { [f.checkId]: 1 }, worstCaseFunctions: 0 },
    });
    expect(digest.text).toContain('evil\\x1b[2J');
    expect(digest.text.replaceAll('\n', '')).not.toMatch(RAW_CONTROL);
    expect(digest.subject).not.toMatch(RAW_CONTROL);
  });
});
