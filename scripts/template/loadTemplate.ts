import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/** A CloudFormation/SAM template as plain JSON (short-form tags turned into `{ "Fn::X": ... }`). */
export interface CloudFormationTemplate {
  AWSTemplateFormatVersion?: string;
  Transform?: string | string[];
  Description?: string;
  Parameters?: Record<string, { Type: string; Default?: unknown; AllowedValues?: unknown[]; [key: string]: unknown }>;
  Conditions?: Record<string, unknown>;
  Rules?: Record<string, unknown>;
  Globals?: { Function?: Record<string, unknown>; [key: string]: unknown };
  Resources: Record<string, CloudFormationResource>;
  Outputs?: Record<string, { Description?: string; Value: unknown; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface CloudFormationResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
  [key: string]: unknown;
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEMPLATE_PATH = `${REPO_ROOT}template.yaml`;
export const FORWARDER_TEMPLATE_PATH = `${REPO_ROOT}templates/iam-event-forwarder.yaml`;

/** Intrinsic functions written `!Name` in YAML and `{ "Fn::Name": ... }` in JSON. */
const FUNCTIONS = [
  'And', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'If', 'ImportValue', 'Join', 'Not', 'Or',
  'Select', 'Split', 'Sub', 'Transform', 'Length', 'ToJsonString',
];

function tagsFor(name: string, toJson: (value: unknown) => unknown): (ScalarTag | CollectionTag)[] {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => toJson(value) },
    { tag, collection: 'seq', resolve: (seq: YAMLSeq) => toJson(seq.toJSON()) },
    { tag, collection: 'map', resolve: (map: YAMLMap) => toJson(map.toJSON()) },
  ] as (ScalarTag | CollectionTag)[];
}

/** Every CloudFormation short-form tag, in scalar, sequence and mapping form. */
export const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = [
  ...FUNCTIONS.flatMap((name) => tagsFor(name, (value) => ({ [`Fn::${name}`]: value }))),
  ...tagsFor('Ref', (value) => ({ Ref: value })),
  ...tagsFor('Condition', (value) => ({ Condition: value })),
  // `!GetAtt Resource.Attribute` is the dotted scalar form of `[Resource, Attribute]`.
  ...tagsFor('GetAtt', (value) => {
    if (typeof value !== 'string') return { 'Fn::GetAtt': value };
    const dot = value.indexOf('.');
    if (dot < 1) throw new Error(`!GetAtt ${value}: expected Resource.Attribute`);
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }),
];

/** Parses CloudFormation YAML text; unknown tags are errors, not silently dropped. */
export function parseTemplate(text: string, source = 'template'): CloudFormationTemplate {
  const template = parse(text, { customTags: CLOUDFORMATION_TAGS, strict: true, uniqueKeys: true, maxAliasCount: 0 }) as unknown;
  if (typeof template !== 'object' || template === null || !('Resources' in template)) {
    throw new Error(`${source}: not a CloudFormation template (no Resources)`);
  }
  return template as CloudFormationTemplate;
}

const parsed = new Map<string, { text: string; template: CloudFormationTemplate }>();

/** Reads and parses a template; each call returns a fresh copy the caller may change. */
export function loadTemplate(path = TEMPLATE_PATH): CloudFormationTemplate {
  const text = readFileSync(path, 'utf8');
  let cached = parsed.get(path);
  if (cached?.text !== text) {
    cached = { text, template: parseTemplate(text, path) };
    parsed.set(path, cached);
  }
  return structuredClone(cached.template);
}
