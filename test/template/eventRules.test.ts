import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_EVENT_TABLE, matchValueOf, type EventHandlerName } from '../../shared/events/cloudTrailEventTable.ts';
import { classifyCloudTrailEvent } from '../../shared/events/classifyCloudTrailEvent.ts';
import { eventBridgePatternFor } from '../../shared/events/eventBridgePatternFor.ts';
import { parseEventBridgeCloudTrailEvent } from '../../shared/events/parseEventBridgeCloudTrailEvent.ts';
import { EVENTS_DIR, FIXTURES_DIR, loadEventFiles } from '../events/loadEventFiles.ts';
import { FORWARDER_TEMPLATE_PATH, loadTemplate, type CloudFormationResource } from './loadTemplate.ts';
import { matchEventPattern } from './matchEventPattern.ts';
import { IntrinsicResolver } from './resolveIntrinsics.ts';

const template = loadTemplate();
/** The default (single-account) deployment; OrganizationMode's rules are tested in organizationHub.test.ts. */
const deployed = new IntrinsicResolver(template);
const forwarder = loadTemplate(FORWARDER_TEMPLATE_PATH);
const FUNCTION_OF_HANDLER: Record<EventHandlerName, string> = {
  'on-role-change': 'OnRoleChangeFunction',
  'on-function-change': 'OnFunctionChangeFunction',
};
const HANDLERS = Object.keys(FUNCTION_OF_HANDLER) as EventHandlerName[];

/** Rules with an EventPattern, with the function they target (if any). */
const patternRules = Object.entries(template.Resources)
  .filter(([id, r]) => r.Type === 'AWS::Events::Rule' && r.Properties?.EventPattern !== undefined && deployed.exists(id))
  .map(([id, r]) => ({ id, pattern: r.Properties!.EventPattern as Record<string, unknown>, targetFunction: targetFunctionOf(r) }))
  // CloudTrail rules invoke a function; ForwarderAlarmRule (an alarm to the findings topic) is tested below.
  .filter((rule) => rule.targetFunction !== undefined);

function targetFunctionOf(rule: CloudFormationResource): string | undefined {
  const targets = rule.Properties?.Targets as { Arn: { 'Fn::GetAtt'?: [string, string] } }[];
  return targets[0]?.Arn['Fn::GetAtt']?.[0];
}

const samples = loadEventFiles(EVENTS_DIR).filter((f) => !f.name.startsWith('audit-'));
const ignored = loadEventFiles(FIXTURES_DIR);
const handlerOfSample = (name: string) => CLOUDTRAIL_EVENT_TABLE.find((e) => e.eventName === name)?.handler;

describe('EventBridge rules in template.yaml', () => {
  it('has one CloudTrail rule per event handler', () => {
    expect(patternRules.map((r) => r.targetFunction).sort()).toEqual(Object.values(FUNCTION_OF_HANDLER).sort());
  });

  it.each(HANDLERS)('the %s rule pattern deep-equals eventBridgePatternFor()', (handler) => {
    const rule = patternRules.find((r) => r.targetFunction === FUNCTION_OF_HANDLER[handler]);
    expect(rule?.pattern).toEqual(eventBridgePatternFor(handler));
  });

  it('covers every table entry, and every pattern name is in the table (both ways)', () => {
    const inTemplate = patternRules.flatMap((rule) =>
      ((rule.pattern.detail as { eventName: unknown[] }).eventName).map((m) => (typeof m === 'string' ? m : (m as { prefix: string }).prefix)),
    );
    // A `versioned` name is two matchers: the bare name and its `<name>2` prefix.
    expect(inTemplate.filter((m) => m !== 'DeleteFunction2').sort()).toEqual(CLOUDTRAIL_EVENT_TABLE.map((e) => matchValueOf(e.match)).sort());
    expect(inTemplate.filter((m) => m.startsWith('DeleteFunction')).sort()).toEqual(['DeleteFunction', 'DeleteFunction2']);
  });

  it.each(samples)('routes events/$name.json to its handler and to no other rule', ({ name, event }) => {
    const matched = patternRules.filter((rule) => matchEventPattern(rule.pattern, event)).map((r) => r.targetFunction);
    expect(matched).toEqual([FUNCTION_OF_HANDLER[handlerOfSample(name)!]]);
  });

  // The pattern cannot see `setAsDefault`; classification ignores that one after routing.
  const ROUTED_THEN_IGNORED = ['CreatePolicyVersion-not-default'];

  it.each(ignored.filter((f) => !ROUTED_THEN_IGNORED.includes(f.name)))('routes the ignored event $name to no rule', ({ event }) => {
    expect(patternRules.filter((rule) => matchEventPattern(rule.pattern, event))).toEqual([]);
  });

  it.each(ignored.filter((f) => ROUTED_THEN_IGNORED.includes(f.name)))('routes $name, which classification then ignores', ({ event }) => {
    expect(patternRules.filter((rule) => matchEventPattern(rule.pattern, event)).map((r) => r.targetFunction)).toEqual(['OnRoleChangeFunction']);
    expect(classifyCloudTrailEvent(parseEventBridgeCloudTrailEvent(event).detail).kind).toBe('ignored');
  });

  it('still routes a Lambda event whose version suffix was dropped, and a failed call nowhere', () => {
    const sample = samples.find((s) => s.name === 'CreateFunction20150331')!.event as { detail: Record<string, unknown> };
    const unsuffixed = { ...sample, detail: { ...sample.detail, eventName: 'CreateFunction' } };
    const failed = { ...sample, detail: { ...sample.detail, errorCode: 'AccessDeniedException' } };
    expect(patternRules.filter((r) => matchEventPattern(r.pattern, unsuffixed)).map((r) => r.targetFunction)).toEqual(['OnFunctionChangeFunction']);
    expect(patternRules.filter((r) => matchEventPattern(r.pattern, failed))).toEqual([]);
  });

  it.each(Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule'))(
    '%s retries and dead-letters every target, and may invoke only its function',
    (id, rule) => {
      const targets = rule.Properties!.Targets as Record<string, any>[];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
        expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['EventDeadLetterQueue', 'Arn'] } });
        if (target.Arn['Fn::GetAtt'] === undefined) {
          expect(target.Arn).toEqual({ Ref: 'FindingsTopic' });
          continue;
        }
        const permission = Object.values(template.Resources).find(
          (r) => r.Type === 'AWS::Lambda::Permission' && JSON.stringify(r.Properties?.SourceArn) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }),
        );
        expect(permission?.Properties).toEqual({
          Action: 'lambda:InvokeFunction',
          FunctionName: { Ref: target.Arn['Fn::GetAtt'][0] },
          Principal: 'events.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [id, 'Arn'] },
        });
        expect(permission?.Condition).toBe(rule.Condition);
      }
    },
  );

  it('lets only the stack rules dead-letter into the queue', () => {
    const statement = (template.Resources.EventDeadLetterQueuePolicy!.Properties!.PolicyDocument as any).Statement[0];
    const rules = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule').map(([id]) => id);
    const named = JSON.stringify(statement.Condition.ArnEquals['aws:SourceArn']);
    for (const id of rules) expect(named).toContain(`"${id}"`);
    expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
  });

  it('runs the audit on a schedule that defaults to daily, absent when AuditSchedule is empty', () => {
    const rule = template.Resources.AuditScheduleRule!;
    expect(rule.Condition).toBe('HasAuditSchedule');
    expect(rule.Properties!.ScheduleExpression).toEqual({ Ref: 'AuditSchedule' });
    expect(template.Parameters!.AuditSchedule!.Default).toBe('rate(1 day)');
    expect(template.Conditions!.HasAuditSchedule).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AuditSchedule' }, ''] }] });
    expect((rule.Properties!.Targets as { Input: string }[])[0]!.Input).toBe('{}');
  });
});

describe('templates/iam-event-forwarder.yaml', () => {
  const rule = forwarder.Resources.ForwardIamEventsRule!;

  it('forwards exactly the on-role-change pattern', () => {
    expect(rule.Properties!.EventPattern).toEqual(eventBridgePatternFor('on-role-change'));
  });

  it.each(samples)('forwards events/$name.json only if it is an IAM event', ({ name, event }) => {
    expect(matchEventPattern(rule.Properties!.EventPattern as Record<string, unknown>, event)).toBe(handlerOfSample(name) === 'on-role-change');
  });

  it('targets the stack region default bus with a role that may only put events there, retried and dead-lettered', () => {
    const target = (rule.Properties!.Targets as Record<string, any>[])[0]!;
    const bus = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${TargetRegion}:${AWS::AccountId}:event-bus/default' };
    expect(target.Arn).toEqual(bus);
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'Arn'] } });
    const role = forwarder.Resources.ForwardIamEventsRole!.Properties as any;
    expect(role.Policies).toHaveLength(1);
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([
      { Sid: 'KeycardRegionDefaultBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: bus },
    ]);
  });
});
