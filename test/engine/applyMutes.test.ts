import { describe, expect, it } from 'vitest';
import { confusedDeputyCheck } from '../../shared/checks/confused-deputy.ts';
import { publicInvokeCheck } from '../../shared/checks/public-invoke.ts';
import { applyMutes } from '../../shared/engine/applyMutes.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import type { Mute } from '../../shared/engine/MuteList.ts';
import { MuteListError, parseMuteList } from '../../shared/engine/parseMuteList.ts';
import { accountFacts, functionFacts, policyOf } from '../checks/lock/lockFacts.ts';

const result = evaluateAccount(
  accountFacts(
    [
      functionFacts({ name: 'open', resourcePolicy: policyOf('public-star') }),
      functionFacts({ name: 'deputy', resourcePolicy: policyOf('sns-unpinned') }),
    ],
    [],
  ),
  { trustedAccountIds: [] },
  [publicInvokeCheck, confusedDeputyCheck],
);
const open = result.findings.find((f) => f.checkId === 'public-invoke')!;
const now = new Date('2026-12-06T12:00:00Z');
const mute = (over: Partial<Mute> = {}): Mute => ({ checkId: 'public-invoke', arn: open.resourceArn, expires: '2027-03-01', reason: 'public webhook, reviewed', ...over });

describe('applyMutes', () => {
  it('the fixture has a public-invoke finding and another one', () => {
    expect(result.findings.map((f) => f.checkId).sort()).toEqual(['confused-deputy', 'public-invoke']);
  });

  it('mutes a finding by check id and exact resource ARN, and counts it', () => {
    const applied = applyMutes(result, [mute()], now);
    expect(applied.result.findings.map((f) => f.checkId)).toEqual(['confused-deputy']);
    expect(applied.muted).toEqual([{ finding: open, mute: mute() }]);
    expect(applied.result.summary.muted).toBe(1);
    expect(applied.result.summary.findings).toBe(1);
    expect(applied.result.summary.byCheck).toEqual({ 'public-invoke': 0, 'confused-deputy': 1 });
    expect(applied.expired).toEqual([]);
    expect(result.findings).toHaveLength(2); // input unchanged
  });

  it.each([
    ['another check id', mute({ checkId: 'confused-deputy' })],
    ['another ARN', mute({ arn: `${open.resourceArn}-other` })],
    ['an ARN prefix', mute({ arn: open.resourceArn.slice(0, -2) })],
  ])('does not mute on %s', (_label, m) => {
    const applied = applyMutes(result, [m], now);
    expect(applied.result.findings).toHaveLength(2);
    expect(applied.muted).toEqual([]);
    expect(applied.result.summary.muted).toBe(0);
  });

  it('an expired mute (from 00:00 UTC on its date) no longer mutes and is returned', () => {
    const m = mute({ expires: '2026-12-06' });
    const applied = applyMutes(result, [m], now);
    expect(applied.result.findings).toHaveLength(2);
    expect(applied.expired).toEqual([m]);
    expect(applyMutes(result, [m], new Date('2026-12-05T23:59:59Z')).muted).toHaveLength(1);
  });
});

describe('parseMuteList', () => {
  it('reads a valid list', () => {
    expect(parseMuteList(JSON.stringify({ mutes: [mute()] }))).toEqual({ mutes: [mute()] });
  });

  it.each([
    ['{', /not JSON/],
    ['{"mute": []}', /^mutes: .*expected/],
    [JSON.stringify({ mutes: [{ ...mute(), expires: '1 March' }] }), /^mutes\[0\]\.expires: .*YYYY-MM-DD/],
    [JSON.stringify({ mutes: [mute(), { ...mute(), expires: '2027-02-30' }] }), /^mutes\[1\]\.expires: '2027-02-30' is not a calendar date/],
    [JSON.stringify({ mutes: [{ ...mute(), arn: 'arn:aws:lambda:*' }] }), /^mutes\[0\]\.arn: .*no wildcards/],
    [JSON.stringify({ mutes: [{ checkId: 'x', arn: open.resourceArn, expires: '2027-01-01' }] }), /^mutes\[0\]\.reason: .*non-empty reason/],
    [JSON.stringify({ mutes: [{ ...mute(), reason: '' }] }), /^mutes\[0\]\.reason:/],
    [JSON.stringify({ mutes: [{ ...mute(), until: 'x' }] }), /^mutes\[0\]\.until: must NOT have additional properties/],
  ])('rejects %s naming the field', (text, message) => {
    expect(() => parseMuteList(text)).toThrow(MuteListError);
    expect(() => parseMuteList(text)).toThrow(message);
  });
});
