import { describe, expect, it } from 'vitest';
import { confusedDeputyCheck } from '../../shared/checks/confused-deputy.ts';
import { FN_ARN, contextFor, functionFacts, policyOf, roleFacts } from './lock/lockFacts.ts';

const run = (...statements: string[]) =>
  confusedDeputyCheck.evaluate(functionFacts({ resourcePolicy: policyOf(...statements) }), roleFacts(), contextFor());

describe('confused-deputy', () => {
  it.each([
    ['S3 without SourceArn or SourceAccount', 's3-unpinned', 's3.amazonaws.com'],
    ['SNS without SourceArn', 'sns-unpinned', 'sns.amazonaws.com'],
    ['API Gateway without SourceArn', 'apigateway-unpinned', 'apigateway.amazonaws.com'],
    ['API Gateway with SourceArn "*"', 'apigateway-sourcearn-wildcard', 'apigateway.amazonaws.com'],
    ['EventBridge with an ArnLikeIfExists SourceArn (the key may be absent)', 'events-sourcearn-ifexists', 'events.amazonaws.com'],
    ['EventBridge with a negated SourceArn', 'events-sourcearn-negated', 'events.amazonaws.com'],
    ['Alexa without an event source token', 'alexa-no-token', 'alexa-appkit.amazon.com'],
    ['an unsupported operator on SourceArn (never a pin)', 'unsupported-operator', 'sns.amazonaws.com'],
  ])('fires for %s', (_name, statementName, service) => {
    const findings = run(statementName);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ checkId: 'confused-deputy', severity: 'medium', resourceArn: FN_ARN, functionArns: [FN_ARN] });
    expect(findings[0]?.detail).toContain(service);
    // Alexa's skill id is not in the account: its fix is a comment, never a command with a guessed value.
    if (service.startsWith('alexa')) expect(findings[0]?.remediation.cli).toMatch(/^# Re-add .*--event-source-token/);
    else expect(findings[0]?.remediation.cli).toContain(`--principal ${service}`);
  });

  it.each([
    ['S3 as Lambda writes it (SourceAccount + SourceArn)', 's3-pinned'],
    ['S3 pinned by SourceAccount only', 's3-source-account-only'],
    ['SNS pinned by SourceArn', 'sns-pinned'],
    ['EventBridge pinned by SourceArn', 'events-pinned'],
    ['API Gateway pinned by an execute-api SourceArn with wildcards in the path', 'apigateway-pinned'],
    ['a lower-case aws:sourcearn key under ArnEquals', 'sns-lowercase-key'],
    ['Alexa pinned by lambda:EventSourceToken (it cannot send SourceArn)', 'alexa-token'],
    ['an account principal', 'account-foreign-root'],
    ['everyone (public-invoke\'s)', 'public-star'],
  ])('stays quiet for %s', (_name, statementName) => {
    expect(run(statementName)).toEqual([]);
  });

  it('asks Alexa for its skill id, not for a SourceArn', () => {
    const [finding] = run('alexa-no-token');
    expect(finding?.remediation.cli).toBe('# Re-add the permission with --event-source-token set to the skill id, then remove statement alexa-any.');
    expect(finding?.evidence[0]?.note).toContain('lambda:eventsourcetoken');
  });

  it('adds the pinned permission before removing the open one, with the account and statement id filled in', () => {
    const [finding] = run('sns-unpinned');
    expect(finding?.remediation.cli).toBe(
      'aws lambda add-permission --region us-east-1 --function-name fn --statement-id sns-any-pinned --action lambda:InvokeFunction ' +
        '--principal sns.amazonaws.com --source-account 111122223333 && ' +
        'aws lambda remove-permission --region us-east-1 --function-name fn --statement-id sns-any',
    );
  });
});
