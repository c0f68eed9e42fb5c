import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { noManagementEventsTrailCheck } from '../../shared/checks/no-management-events-trail.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import type { TrailFacts } from '../../shared/facts/types.ts';
import { ACCOUNT, accountFacts, contextFor, functionFacts } from './lock/lockFacts.ts';

const TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-trail`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

const withTrail = (trail: TrailFacts | undefined) => {
  const account = accountFacts([functionFacts()]);
  if (trail !== undefined) account.trail = trail;
  return account;
};
const findingsFor = (trail: TrailFacts | undefined) => noManagementEventsTrailCheck.evaluateAccount!(contextFor(withTrail(trail)));

describe('no-management-events-trail', () => {
  it('is quiet when a trail delivers management events in the region', () => {
    expect(findingsFor({ status: 'delivering', trailArns: [TRAIL] })).toEqual([]);
  });

  it('is quiet when the trail status was not read (a snapshot audit)', () => {
    expect(findingsFor(undefined)).toEqual([]);
  });

  it('never fires per function', () => {
    const account = withTrail({ status: 'absent', trailArns: [] });
    expect(noManagementEventsTrailCheck.evaluate(account.functions[0]!, undefined, contextFor(account))).toEqual([]);
  });

  it('fires high on the account when no trail covers the region, with a create-and-start command', () => {
    const [finding, ...rest] = findingsFor({ status: 'absent', trailArns: [] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ checkId: 'no-management-events-trail', severity: 'high', resourceArn: ROOT, functionArns: [] });
    expect(finding!.detail).toContain('us-east-1');
    expect(finding!.remediation.cli).toBe(
      `aws cloudtrail create-trail --name keycard-management-events --s3-bucket-name keycard-trail-${ACCOUNT}-us-east-1 ` +
        '--is-multi-region-trail --region us-east-1 && aws cloudtrail start-logging --name keycard-management-events --region us-east-1',
    );
  });

  it('fires high when the trails covering the region are stopped, starting each in its home region', () => {
    const [finding, ...rest] = findingsFor({ status: 'stopped', trailArns: [TRAIL], reason: `${TRAIL} is not logging.` });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ checkId: 'no-management-events-trail', severity: 'high', resourceArn: ROOT });
    expect(finding!.detail).toContain('is not logging');
    expect(finding!.evidence.map((e) => e.note).join()).toContain(TRAIL);
    expect(finding!.remediation.cli).toBe(`aws cloudtrail start-logging --name ${TRAIL} --region eu-west-1`);
  });

  it('fires medium when the trails could not be read, naming the missing permissions', () => {
    const [finding, ...rest] = findingsFor({ status: 'unreadable', trailArns: [], reason: 'DescribeTrails: AccessDeniedException.' });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ checkId: 'no-management-events-trail', severity: 'medium', resourceArn: ROOT });
    expect(finding!.detail).toContain('cloudtrail:DescribeTrails');
    expect(finding!.detail).toContain('AccessDeniedException');
    expect(finding!.remediation.cli).toBe('aws cloudtrail describe-trails --include-shadow-trails --region us-east-1');
  });

  it.each<TrailFacts>([
    { status: 'absent', trailArns: [] },
    { status: 'stopped', trailArns: [TRAIL, `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/local`] },
    { status: 'unreadable', trailArns: [] },
  ])('prints commands safe to paste: only aws, joined by && ($status)', (trail) => {
    const [finding] = findingsFor(trail);
    const ops = parse(finding!.remediation.cli).filter((t) => typeof t === 'object');
    expect(ops.every((op) => 'op' in op && op.op === '&&')).toBe(true);
    expect(finding!.remediation.cli).not.toMatch(/<\w+>/);
    for (const command of finding!.remediation.cli.split(' && ')) expect(command.startsWith('aws cloudtrail ')).toBe(true);
  });

  it('is reported once per audit by the engine, however many functions', () => {
    const account = accountFacts([functionFacts(), functionFacts({ arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other`, name: 'other' })]);
    account.trail = { status: 'absent', trailArns: [] };
    const findings = evaluateAccount(account, { trustedAccountIds: [] }).findings.filter((f) => f.checkId === 'no-management-events-trail');
    expect(findings).toHaveLength(1);
  });
});
