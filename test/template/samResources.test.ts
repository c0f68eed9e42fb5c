/**
 * The SAM side of both templates, against the AWS::Serverless::* definitions of the resource
 * specification in @aws-cdk/aws-service-spec (the project's tests read nothing outside the repository).
 */
import { describe, expect, it } from 'vitest';
import { FORWARDER_TEMPLATE_PATH, loadTemplate } from './loadTemplate.ts';
import { resourceSpecProblems, samFunctionProblems, specDatabase } from './resourceSpecProblems.ts';

const templates = [
  ['template.yaml', undefined],
  ['templates/iam-event-forwarder.yaml', FORWARDER_TEMPLATE_PATH],
] as const;

const samResources = templates.flatMap(([file, path]) =>
  Object.entries(loadTemplate(path).Resources)
    .filter(([, r]) => r.Type.startsWith('AWS::Serverless::'))
    .map(([id, r]) => ({ where: `${file} ${id}`, type: r.Type, properties: (r.Properties ?? {}) as Record<string, unknown> })),
);

const problemsOf = (type: string, properties: Record<string, unknown>): string[] =>
  type === 'AWS::Serverless::Function' ? samFunctionProblems(properties) : resourceSpecProblems(type, properties);

describe('SAM resources against the resource specification', () => {
  it('covers the functions of template.yaml', () => {
    expect(samResources.filter((r) => r.type === 'AWS::Serverless::Function').length).toBeGreaterThanOrEqual(3);
  });

  it.each(samResources)('$where ($type) uses only known properties, all required ones, of the right kinds', ({ type, properties }) => {
    expect(problemsOf(type, properties)).toEqual([]);
  });

  it.each(templates)('%s: every resource has a known Type', (_, path) => {
    for (const [id, resource] of Object.entries(loadTemplate(path).Resources)) {
      const found = specDatabase().lookup('resource', 'cloudFormationType', 'equals', resource.Type);
      expect(found.length, `${id}: ${resource.Type}`).toBe(1);
    }
  });

  it.each(templates)('%s: Globals.Function holds only function properties', (_, path) => {
    const globals = (loadTemplate(path) as { Globals?: { Function?: Record<string, unknown> } }).Globals;
    expect(samFunctionProblems(globals?.Function ?? {}, 'Globals.Function', false)).toEqual([]);
  });

  it.each([
    ['a misspelt function property', { Runtim: 'nodejs22.x' }, /Runtim is not a property/],
    ['an unknown tracing value', { Tracing: ['Active'] }, /Tracing should be a string/],
    ['a pass-through property of the wrong shape', { LoggingConfig: { LogFormat: ['JSON'] } }, /LoggingConfig\.LogFormat should be a string/],
  ])('would reject %s (the validation can fail)', (_, properties, problem) => {
    expect(samFunctionProblems(properties, 'AWS::Serverless::Function', false).join('\n')).toMatch(problem);
  });
});
