import { describe, expect, it } from 'vitest';
import { FORWARDER_TEMPLATE_PATH, loadTemplate, REPO_ROOT } from './loadTemplate.ts';
import { resourceSpecProblems } from './resourceSpecProblems.ts';

const resources = [
  ...Object.entries(loadTemplate().Resources).map(([id, r]) => ({ where: `template.yaml ${id}`, ...r })),
  ...Object.entries(loadTemplate(FORWARDER_TEMPLATE_PATH).Resources).map(([id, r]) => ({ where: `iam-event-forwarder.yaml ${id}`, ...r })),
  ...Object.entries(loadTemplate(`${REPO_ROOT}templates/organization-member.yaml`).Resources).map(([id, r]) => ({ where: `organization-member.yaml ${id}`, ...r })),
].filter((r) => !r.Type.startsWith('AWS::Serverless::'));

describe('non-SAM resources against the CloudFormation resource specification (@aws-cdk/aws-service-spec)', () => {
  it.each(resources)('$where ($Type) uses only known properties, all required ones, of the right kinds', (resource) => {
    expect(resourceSpecProblems(resource.Type, resource.Properties ?? {})).toEqual([]);
  });

  it.each([
    ['an unknown property', 'AWS::SQS::Queue', { Bogus: true }, /Bogus is not a property/],
    ['a missing required property', 'AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'x' }, /FunctionName is required/],
    ['a wrong kind', 'AWS::Logs::LogGroup', { RetentionInDays: [30] }, /RetentionInDays should be a number/],
    ['a value outside the allowed ones', 'AWS::Events::Rule', { State: 'ON' }, /State is "ON", allowed/],
    ['a nested unknown property', 'AWS::Events::Rule', { Targets: [{ Id: 'a', Arn: 'b', Retry: {} }] }, /Targets\[0\]\.Retry is not a property/],
  ])('reports %s', (_, type, properties, problem) => {
    expect(resourceSpecProblems(type, properties).join('\n')).toMatch(problem);
  });
});
