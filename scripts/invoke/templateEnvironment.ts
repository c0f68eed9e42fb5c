/**
 * The environment template.yaml gives a function, as far as it can be known without deploying:
 * `Globals.Function.Environment.Variables` merged with the function's own (the function's win, as in
 * SAM), literal values as they are and `!Ref Parameter` as the parameter's Default. Anything else
 * (a resource's ARN, `!Join`, `!GetAtt`) only exists once deployed: it is listed in `unresolved`
 * so the caller can say which variables to export, with the stack output that holds the same value
 * (`sources`), found by comparing the variable's expression with each output's `Value`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { CollectionTag, ScalarTag, YAMLMap, YAMLSeq } from 'yaml';
import { InvokeError } from './errors.ts';

export interface TemplateEnvironment {
  /** Logical id of the function in the template. */
  logicalId: string;
  variables: Record<string, string>;
  /** Variables whose value is only known after deployment. */
  unresolved: string[];
  /** Where a deployed stack holds each variable's value: a stack output, or a parameter (`!Ref Parameter`). */
  sources: Record<string, { output?: string; parameter?: string }>;
  /** The stack output holding the function's deployed name (`!Ref <LogicalId>`), if the template has one. */
  functionNameOutput?: string;
}

type Json = Record<string, unknown>;
const INTRINSICS = ['Ref', 'Condition', 'Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAZs', 'GetAtt', 'If', 'ImportValue', 'Join', 'Not', 'And', 'Or', 'Select', 'Split', 'Sub', 'Transform', 'ToJsonString', 'Length'];

/** CloudFormation short-form tags (`!Ref X`) read as their long form (`{ "Ref": "X" }`). */
const TAGS: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (value: unknown) => ({ [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value });
  return [
    { tag: `!${name}`, resolve: (value: string) => wrap(value) },
    { tag: `!${name}`, collection: 'seq', resolve: (seq: YAMLSeq) => wrap(seq.toJSON()) },
    { tag: `!${name}`, collection: 'map', resolve: (map: YAMLMap) => wrap(map.toJSON()) },
  ] as (ScalarTag | CollectionTag)[];
});

export function templateEnvironment(templatePath: string, functionName: string): TemplateEnvironment {
  let template: Json;
  try {
    template = parse(readFileSync(templatePath, 'utf8'), { customTags: TAGS }) as Json;
  } catch (error) {
    throw new InvokeError(`cannot read ${templatePath} (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
  const resources = (template.Resources ?? {}) as Record<string, Json>;
  const entry = `functions/${functionName}/index.ts`;
  const found = Object.entries(resources).find(
    ([, resource]) =>
      resource.Type === 'AWS::Serverless::Function' &&
      ((((resource.Metadata as Json | undefined)?.BuildProperties as Json | undefined)?.EntryPoints ?? []) as unknown[]).includes(entry),
  );
  if (found === undefined) throw new InvokeError(`${templatePath} has no AWS::Serverless::Function built from ${entry} (Metadata.BuildProperties.EntryPoints).`);
  const [logicalId, resource] = found;
  const globals = ((((template.Globals as Json | undefined)?.Function as Json | undefined)?.Environment as Json | undefined)?.Variables ?? {}) as Json;
  const own = ((((resource.Properties as Json | undefined)?.Environment as Json | undefined)?.Variables ?? {}) as Json);
  const parameters = (template.Parameters ?? {}) as Record<string, Json>;

  const outputs = Object.entries((template.Outputs ?? {}) as Record<string, Json>);
  const outputWithValue = (value: unknown) => outputs.find(([, output]) => JSON.stringify(output.Value) === JSON.stringify(value))?.[0];

  const variables: Record<string, string> = {};
  const unresolved: string[] = [];
  const sources: TemplateEnvironment['sources'] = {};
  for (const [name, value] of Object.entries({ ...globals, ...own })) {
    const literal = literalOf(value, parameters);
    if (literal === undefined) unresolved.push(name);
    else variables[name] = literal;
    const parameter = parameterOf(value, parameters);
    const output = parameter === undefined ? outputWithValue(value) : undefined;
    if (parameter !== undefined) sources[name] = { parameter };
    else if (output !== undefined) sources[name] = { output };
  }
  const functionNameOutput = outputWithValue({ Ref: logicalId });
  return { logicalId, variables, unresolved, sources, ...(functionNameOutput === undefined ? {} : { functionNameOutput }) };
}

/** `!Ref Name` of a template parameter: its name. */
function parameterOf(value: unknown, parameters: Record<string, Json>): string | undefined {
  if (typeof value !== 'object' || value === null || Object.keys(value).length !== 1 || !('Ref' in value)) return undefined;
  const name = String((value as { Ref: unknown }).Ref);
  return name in parameters ? name : undefined;
}

function literalOf(value: unknown, parameters: Record<string, Json>): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 1 && 'Ref' in value) {
    const parameter = parameters[String((value as { Ref: unknown }).Ref)];
    const fallback = parameter?.Default;
    if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') return String(fallback);
  }
  return undefined;
}
