import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { noManagementEventsTrailCheck } from '../../shared/checks/no-management-events-trail.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import type { TrailStatusRecord } from '../../shared/account/records.ts';
import type { TrailFacts } from '../../shared/facts/types.ts';
import { ACCOUNT, accountFacts, contextFor, functionFacts } from './lock/lockFacts.ts';

const TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-trail`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

/** The account's facts with trail statuses read in the given regions (the stack's region, us-east-1, by default). */
const withTrails = (...trails: TrailFacts[]) => {
  const account = accountFacts([functionFacts()]);
  if (trails.length > 0) account.trails = trails;
  return account;
};
const withTrail = (trail: TrailStatusRecord | undefined) => (trail === undefined ? withTrails() : withTrails({ ...trail, region: 'us-east-1' }));
const findingsFor = (trail: TrailStatusRecord | undefined) => noManagementEventsTrailCheck.evaluateAccount!(contextFor(withTrail(trail)));

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
      `aws cloudtrail create-trail --name keycard-management-events --s3-bucket-name keycard-trail-${ACCOUNT} ` +
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

  it.each<TrailStatusRecord>([
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

  describe('across watched regions', () => {
    const OTHER = 'eu-west-1';
    const regional = (...trails: TrailFacts[]) => noManagementEventsTrailCheck.evaluateAccount!(contextFor(withTrails(...trails)));

    it('fires once, for the region without a trail, naming it, when the other region has one', () => {
      const findings = regional({ status: 'delivering', trailArns: [TRAIL], region: 'us-east-1' }, { status: 'absent', trailArns: [], region: OTHER });
      expect(findings).toHaveLength(1);
      const [finding] = findings;
      expect(finding).toMatchObject({ checkId: 'no-management-events-trail', severity: 'high', resourceArn: ROOT, functionArns: [], region: OTHER });
      expect(finding!.title).toContain(OTHER);
      expect(finding!.detail).toContain(`Account ${ACCOUNT} in ${OTHER}:`);
      expect(finding!.detail).not.toContain('us-east-1');
      // One multi-region trail, created in the stack's region, covers it (and any other uncovered region).
      expect(finding!.remediation.cli).toContain('--is-multi-region-trail --region us-east-1');
      expect(finding!.remediation.cli).toContain(`keycard-trail-${ACCOUNT} `);
    });

    it('prints the same create command for every uncovered region, so pasting two cannot make two trails', () => {
      const findings = regional({ status: 'absent', trailArns: [], region: 'us-east-1' }, { status: 'absent', trailArns: [], region: OTHER });
      expect(findings.map((f) => f.region)).toEqual(['us-east-1', OTHER]);
      expect(new Set(findings.map((f) => f.remediation.cli)).size).toBe(1);
    });

    it('is quiet when every watched region is covered', () => {
      expect(regional({ status: 'delivering', trailArns: [TRAIL], region: 'us-east-1' }, { status: 'delivering', trailArns: [TRAIL], region: OTHER })).toEqual([]);
    });

    it('fires once per uncovered region, each naming its own region', () => {
      const findings = regional({ status: 'absent', trailArns: [], region: 'us-east-1' }, { status: 'unreadable', trailArns: [], reason: 'denied.', region: OTHER });
      expect(findings.map((f) => [f.region, f.severity])).toEqual([
        ['us-east-1', 'high'],
        [OTHER, 'medium'],
      ]);
      expect(findings[1]!.detail).toContain(`in ${OTHER}: the trails could not be read`);
      expect(findings[1]!.remediation.cli).toBe(`aws cloudtrail describe-trails --include-shadow-trails --region ${OTHER}`);
    });
  });

  it('is reported once per audit by the engine, however many functions', () => {
    const account = accountFacts([functionFacts(), functionFacts({ arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other`, name: 'other' })]);
    account.trails = [{ status: 'absent', trailArns: [], region: 'us-east-1' }];
    const findings = evaluateAccount(account, { trustedAccountIds: [] }).findings.filter((f) => f.checkId === 'no-management-events-trail');
    expect(findings).toHaveLength(1);
  });
});
