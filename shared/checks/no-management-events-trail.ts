import type { TrailFacts } from '../facts/types.ts';
import type { CheckContext, CheckMetadata, Finding, FunctionCheck } from './types.ts';
import { shellArg } from './role/fillPlaceholders.ts';

const metadata: CheckMetadata = {
  id: 'no-management-events-trail',
  severity: 'high',
  // Neither door: a missing trail blinds the change alerts of both. Account-level findings are filed under
  // `resource-policy`, as evaluation-incomplete's account-level gaps are, so every report shows them alike.
  door: 'resource-policy',
  title: 'No CloudTrail trail delivers management events in a watched region',
  rationale:
    'EventBridge receives "AWS API Call via CloudTrail" events from a region only while a trail logs management ' +
    'events for that region. Without one, Keycard\'s change handlers never hear of changes there: a new admin grant ' +
    'or a public invoke permission goes unnoticed until the next audit, and the stack still deploys green. Every ' +
    'watched region (WatchedRegions) is checked through its own CloudTrail endpoint, one finding per region not ' +
    'covered. A trail counts for a region when it is multi-region (organization trails included) or homed in that ' +
    'region, is logging, and its event selectors include management events. When the trails could not be read, the ' +
    'finding says which permission is missing.',
  remediation: {
    text:
      'Start logging on a trail that covers the region, or create a multi-region trail (new trails log management ' +
      'events; the S3 bucket must exist first with the bucket policy CloudTrail requires). A trail that logs but ' +
      'excludes management events needs them added to its event selectors (see aws cloudtrail get-event-selectors).',
    cli: 'aws cloudtrail start-logging --name <TrailArn> --region <TrailRegion>',
  },
};

const READ_ACTIONS = 'cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors';

/** The home region of a trail ARN (`arn:aws:cloudtrail:us-east-1:111122223333:trail/name`). */
const regionOfTrail = (arn: string): string | undefined => arn.split(':')[3] || undefined;

function findingFor(trail: TrailFacts, context: CheckContext): Finding | undefined {
  const account = { ...context.account, region: trail.region };
  const region = shellArg(account.region);
  const base = {
    checkId: metadata.id,
    door: metadata.door,
    resourceArn: `arn:${account.partition}:iam::${account.accountId}:root`,
    functionArns: [],
    title: `No CloudTrail trail delivers management events in ${account.region}`,
    region: account.region,
  };
  const why = trail.reason === undefined ? '' : ` ${trail.reason}`;
  switch (trail.status) {
    case 'delivering':
      return undefined;
    case 'unreadable':
      return {
        ...base,
        // Not known to be missing, but not known to be there: shown by default, below a trail known absent.
        severity: 'medium',
        title: `Whether a CloudTrail trail delivers management events in ${account.region} could not be read`,
        detail:
          `Account ${account.accountId} in ${account.region}: the trails could not be read, so Keycard cannot tell whether ` +
          `change events reach it.${why} Grant the auditing principal ${READ_ACTIONS} (read-only).`,
        evidence: [{ source: 'account', note: `trail status unreadable${why}` }],
        remediation: {
          text: `Grant the auditing principal ${READ_ACTIONS}, then audit again; or check by hand with this command.`,
          cli: `aws cloudtrail describe-trails --include-shadow-trails --region ${region}`,
        },
      };
    case 'stopped': {
      const starts = trail.trailArns.map((arn) => {
        const home = regionOfTrail(arn);
        return `aws cloudtrail start-logging --name ${shellArg(arn)}${home === undefined ? '' : ` --region ${shellArg(home)}`}`;
      });
      return {
        ...base,
        severity: metadata.severity,
        detail:
          `Account ${account.accountId} in ${account.region}: ${trail.trailArns.length} trail(s) cover the region but none ` +
          `delivers management events now, so change alerts do not arrive.${why}`,
        evidence: trail.trailArns.map((arn) => ({ source: 'cloudtrail', note: `${arn} covers ${account.region} but does not deliver management events` })),
        remediation: {
          text: metadata.remediation.text,
          cli: starts.length > 0 ? starts.join(' && ') : `aws cloudtrail describe-trails --include-shadow-trails --region ${region}`,
        },
      };
    }
    case 'absent': {
      const name = 'keycard-management-events';
      // One multi-region trail covers every region: each uncovered region prints the same command
      // (created in the stack's region), so pasting two of them cannot make two trails — the second
      // create-trail fails on the existing name and `&&` stops there.
      const home = shellArg(context.account.region);
      const bucket = shellArg(`keycard-trail-${account.accountId}`);
      return {
        ...base,
        severity: metadata.severity,
        detail:
          `Account ${account.accountId} in ${account.region}: no trail (of this account or its organization) covers the region, ` +
          `so no change alert will ever arrive; only audits run.${why}`,
        evidence: [{ source: 'cloudtrail', note: `DescribeTrails (shadow trails included) returned no trail covering ${account.region}` }],
        remediation: {
          text: metadata.remediation.text,
          cli:
            `aws cloudtrail create-trail --name ${name} --s3-bucket-name ${bucket} --is-multi-region-trail --region ${home} && ` +
            `aws cloudtrail start-logging --name ${name} --region ${home}`,
        },
      };
    }
  }
}

/**
 * The stack hears of changes only through CloudTrail: once per audit, for each watched region whose
 * trail status was read (live audits; snapshots say nothing), a finding unless a trail delivers that
 * region's management events.
 */
export const noManagementEventsTrailCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate() {
    return [];
  },
  evaluateAccount(context: CheckContext) {
    return (context.account.trails ?? []).flatMap((trail) => findingFor(trail, context) ?? []);
  },
};
