import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORWARDER_TEMPLATE_PATH, loadTemplate, REPO_ROOT } from './loadTemplate.ts';

const SCHEMA_PATH = `${REPO_ROOT}../shared/reference/sam.schema.json`;
type Validator = ((data: unknown) => boolean) & { errors?: unknown };
let validate: Validator;

// A CommonJS module whose class is both `module.exports` and `.default`: take whichever the loader gives.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (options: object) => {
  compile(schema: object): Validator;
};

beforeAll(() => {
  // The SAM schema uses keywords ajv's strict mode rejects (e.g. `__samPassThrough`); draft-04 otherwise.
  const ajv = new Ajv({ strict: false, allErrors: true });
  validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
});

describe('template.yaml against the AWS SAM JSON schema', () => {
  it.each([
    ['template.yaml', undefined],
    ['templates/iam-event-forwarder.yaml', FORWARDER_TEMPLATE_PATH],
  ])('%s is valid', (_, path) => {
    const valid = validate(loadTemplate(path));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['a misspelt function property', (t: any) => (t.Resources.AuditFunction.Properties.Runtim = 'nodejs22.x')],
    ['an unknown tracing mode', (t: any) => (t.Globals.Function.Tracing = 'Sometimes')],
    ['a resource without Type', (t: any) => delete t.Resources.FindingsTopic.Type],
  ])('would reject %s (the validation can fail)', (_, breakIt) => {
    const template = loadTemplate();
    breakIt(template);
    expect(validate(template)).toBe(false);
  });
});
