import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

type SpecDatabase = ReturnType<typeof loadAwsServiceSpecSync>;
interface SpecProperty {
  type: SpecType;
  required?: boolean;
}
type SpecType =
  | { type: 'string' | 'number' | 'integer' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag'; allowedValues?: string[] }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'union'; types: SpecType[] };

let database: SpecDatabase | undefined;
/** The CloudFormation resource specification from @aws-cdk/aws-service-spec (loaded once, ~3 s). */
export function specDatabase(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

/**
 * Problems of one resource's `Properties` against the current CloudFormation specification:
 * unknown property names, missing required ones, values of the wrong JSON kind, values outside the
 * spec's allowed values; nested property types are followed. Intrinsic functions are accepted
 * wherever a value is expected (CloudFormation resolves them at deploy time).
 */
export function resourceSpecProblems(type: string, properties: Record<string, unknown>): string[] {
  return propertiesProblems(specProperties(type), properties, type);
}

function specProperties(type: string): Record<string, SpecProperty> {
  const resource = specDatabase().lookup('resource', 'cloudFormationType', 'equals', type).only() as unknown as {
    properties: Record<string, SpecProperty>;
  };
  return resource.properties;
}

/**
 * Properties of AWS::Serverless::Function that SAM copies unchanged onto the AWS::Lambda::Function it
 * generates and that are newer than the SAM part of the specification (SAM documents them as "passed
 * directly to the AWS::Lambda::Function resource"): checked against that resource's own definition.
 */
export const SAM_FUNCTION_PASS_THROUGH = ['LoggingConfig', 'RuntimeManagementConfig', 'SnapStart', 'RecursiveLoop'] as const;

/**
 * Problems of an AWS::Serverless::Function's `Properties` (or of `Globals.Function` with
 * `required: false`): the SAM specification, plus the pass-through properties typed from
 * AWS::Lambda::Function. Nested SAM types are not held to their `required` flags: the SAM part of
 * the specification marks, e.g., both OnSuccess and OnFailure of EventInvokeConfig.DestinationConfig
 * required, where the SAM documentation makes each optional.
 */
export function samFunctionProblems(properties: Record<string, unknown>, where = 'AWS::Serverless::Function', required = true): string[] {
  const lambda = specProperties('AWS::Lambda::Function');
  const spec: Record<string, SpecProperty> = { ...specProperties('AWS::Serverless::Function') };
  for (const name of SAM_FUNCTION_PASS_THROUGH) if (lambda[name]) spec[name] = { ...lambda[name], required: false };
  if (!required) for (const name of Object.keys(spec)) spec[name] = { ...spec[name]!, required: false };
  return propertiesProblems(spec, properties, where, { nestedRequired: false });
}

/** `nestedRequired: false` for SAM types, whose nested `required` flags the SAM documentation contradicts. */
interface Strictness {
  nestedRequired: boolean;
}

function propertiesProblems(
  spec: Record<string, SpecProperty>,
  value: Record<string, unknown>,
  path: string,
  strictness: Strictness = { nestedRequired: true },
): string[] {
  const problems: string[] = [];
  for (const [name, property] of Object.entries(spec)) {
    if (property.required && !(name in value)) problems.push(`${path}.${name} is required`);
  }
  for (const [name, item] of Object.entries(value)) {
    const property = spec[name];
    if (!property) problems.push(`${path}.${name} is not a property of ${path.split('.')[0]} (known: ${Object.keys(spec).join(', ')})`);
    else problems.push(...valueProblems(property.type, item, `${path}.${name}`, strictness));
  }
  return problems;
}

function valueProblems(type: SpecType, value: unknown, path: string, strictness: Strictness): string[] {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'json':
      return [];
    case 'string':
    case 'date-time':
      if (typeof value !== 'string') return [`${path} should be a string, got ${JSON.stringify(value)}`];
      if (type.allowedValues && !type.allowedValues.includes(value)) {
        return [`${path} is "${value}", allowed: ${type.allowedValues.join(', ')}`];
      }
      return [];
    case 'number':
    case 'integer':
      // YAML numbers, or numeric strings CloudFormation converts.
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) ? [] : [`${path} should be a number`];
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : [`${path} should be a boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${path} should be a list`];
      return value.flatMap((item, index) => valueProblems(type.element, item, `${path}[${index}]`, strictness));
    case 'map':
      if (!isObject(value)) return [`${path} should be a map`];
      return Object.entries(value).flatMap(([key, item]) => valueProblems(type.element, item, `${path}.${key}`, strictness));
    case 'tag':
      return isObject(value) && 'Key' in value && 'Value' in value ? [] : [`${path} should be a {Key, Value} tag`];
    case 'ref': {
      if (!isObject(value)) return [`${path} should be an object`];
      const definition = specDatabase().get('typeDefinition', type.reference.$ref) as unknown as { properties: Record<string, SpecProperty> };
      const properties = strictness.nestedRequired
        ? definition.properties
        : Object.fromEntries(Object.entries(definition.properties).map(([k, p]) => [k, { ...p, required: false }]));
      return propertiesProblems(properties, value, path, strictness);
    }
    case 'union': {
      const attempts = type.types.map((option) => valueProblems(option, value, path, strictness));
      return attempts.some((problems) => problems.length === 0) ? [] : attempts[0] ?? [];
    }
    default:
      return [];
  }
}

function isIntrinsic(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
