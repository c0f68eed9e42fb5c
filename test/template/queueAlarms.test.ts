/**
 * Every dead-letter and failure queue of every template alarms on the findings topic: in
 * template.yaml directly; in the us-east-1 forwarder (an alarm cannot notify a topic in another
 * region) by forwarding its alarm's state change to the Keycard region, where ForwarderAlarmRule
 * publishes it to the topic; in the organization member stack (another account) by forwarding it to
 * the hub's organization bus, where OrganizationForwarderAlarmRule publishes it.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplate, REPO_ROOT, TEMPLATE_PATH } from './loadTemplate.ts';
import type { CloudFormationTemplate } from './loadTemplate.ts';
import { matchEventPattern } from './matchEventPattern.ts';

const main = loadTemplate();
const others = readdirSync(`${REPO_ROOT}templates`)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, template: loadTemplate(`${REPO_ROOT}templates/${name}`) }));

/** Where a forwarded alarm lands: the Keycard region's default bus, or the hub's organization bus. */
const DEFAULT_BUS_IN_TARGET_REGION = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${TargetRegion}:${AWS::AccountId}:event-bus/default' };
const HUB_BUS = { Ref: 'HubEventBusArn' };
const onBus = (rule: { Properties?: Record<string, unknown> }, bus: 'default' | 'organization') =>
  bus === 'default'
    ? [undefined, 'default'].includes(rule.Properties?.EventBusName as string | undefined)
    : JSON.stringify(rule.Properties?.EventBusName) === JSON.stringify({ Ref: 'OrganizationEventBus' });

const queuesOf = (t: CloudFormationTemplate) => Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue').map(([id]) => id);
const alarmOn = (t: CloudFormationTemplate, queue: string) =>
  Object.entries(t.Resources).find(
    ([, r]) =>
      r.Type === 'AWS::CloudWatch::Alarm' &&
      JSON.stringify((r.Properties as { Dimensions?: unknown }).Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }]),
  );

describe('queue alarms', () => {
  it.each(queuesOf(main))('template.yaml: %s alarms on the findings topic', (queue) => {
    const [, alarm] = alarmOn(main, queue) ?? [];
    expect(alarm, `no alarm on ${queue}`).toBeDefined();
    expect(alarm!.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, AlarmActions: [{ Ref: 'FindingsTopic' }] });
  });

  const forwarded = others.flatMap(({ name, template }) => queuesOf(template).map((queue) => [name, queue, template] as const));
  it.each(forwarded)('templates/%s: %s alarms, and the alarm reaches the findings topic in the Keycard region', (_name, queue, template) => {
    const [alarmId, alarm] = alarmOn(template, queue) ?? [];
    expect(alarm, `no alarm on ${queue}`).toBeDefined();
    // Forwarded to the Keycard region's default bus when it goes into ALARM.
    const forwarder = Object.values(template.Resources).find(
      (r) => r.Type === 'AWS::Events::Rule' && JSON.stringify((r.Properties!.EventPattern as { resources?: unknown }).resources) === JSON.stringify([{ 'Fn::GetAtt': [alarmId, 'Arn'] }]),
    );
    expect(forwarder, `no rule forwards ${alarmId}`).toBeDefined();
    const destination = (forwarder!.Properties!.Targets as { Arn: unknown }[])[0]!.Arn;
    expect([DEFAULT_BUS_IN_TARGET_REGION, HUB_BUS]).toContainEqual(destination);
    const bus = JSON.stringify(destination) === JSON.stringify(HUB_BUS) ? 'organization' : 'default';
    // The state change as CloudWatch sends it, with the alarm name the forwarder stack gives it.
    const alarmName = ((alarm!.Properties as { AlarmName: { 'Fn::Sub': string } }).AlarmName['Fn::Sub']).replace('${AWS::StackName}', 'keycard-iam-forwarder');
    const stateChange = {
      version: '0',
      id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: '111122223333',
      time: '2026-12-06T06:00:00Z',
      region: 'us-east-1',
      resources: [`arn:aws:cloudwatch:us-east-1:111122223333:alarm:${alarmName}`],
      detail: { alarmName, state: { value: 'ALARM', reason: 'Threshold Crossed', timestamp: '2026-12-06T06:00:00.000+0000' }, previousState: { value: 'OK' } },
    };
    // (The pattern names the alarm by !GetAtt; resolved here to the ARN the event carries.)
    const resolved = { ...(forwarder!.Properties!.EventPattern as Record<string, unknown>), resources: stateChange.resources };
    expect(matchEventPattern(resolved, stateChange)).toBe(true);
    // In the Keycard region: one rule takes it to the findings topic, which lets that rule publish.
    const receivers = Object.entries(main.Resources).filter(
      ([, r]) => r.Type === 'AWS::Events::Rule' && onBus(r, bus) && r.Properties?.EventPattern !== undefined && matchEventPattern(r.Properties.EventPattern as Record<string, unknown>, stateChange),
    );
    expect(receivers.map(([id]) => id)).toEqual([bus === 'default' ? 'ForwarderAlarmRule' : 'OrganizationForwarderAlarmRule']);
    const [[ruleId, rule]] = receivers as [[string, (typeof receivers)[number][1]]];
    expect((rule.Properties!.Targets as { Arn: unknown }[])[0]!.Arn).toEqual({ Ref: 'FindingsTopic' });
    const statements = (main.Resources.FindingsTopicPolicy!.Properties!.PolicyDocument as { Statement: { Effect: string; Principal?: unknown; Condition?: unknown }[] }).Statement;
    const publishes = expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } } });
    // The organization rule's statement exists with the rule: in OrganizationMode only.
    expect(bus === 'default' ? statements : statements.map((s) => (s as { 'Fn::If'?: [string, unknown, unknown] })['Fn::If']?.[1] ?? s)).toContainEqual(publishes);
    if (bus === 'organization') expect(rule.Condition).toBe('IsOrganizationMode');
    // And the same alarm going back to OK is not sent as an alert.
    expect(matchEventPattern(rule.Properties!.EventPattern as Record<string, unknown>, { ...stateChange, detail: { ...stateChange.detail, state: { value: 'OK' } } })).toBe(false);
  });

  it('covers at least the forwarder', () => {
    expect(forwarded.map(([name, queue]) => `${name} ${queue}`)).toContain('iam-event-forwarder.yaml ForwardDeadLetterQueue');
    expect(forwarded.map(([name, queue]) => `${name} ${queue}`)).toContain('organization-member.yaml ForwardDeadLetterQueue');
    expect(TEMPLATE_PATH).toMatch(/template\.yaml$/);
  });
});
