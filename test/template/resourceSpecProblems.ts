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
  const resource = specDatabase().lookup('resource', 'cloudFormationType', 'equals', type).only() as unknown as {
    properties: Record<string, SpecProperty>;
  };
  return propertiesProblems(resource.properties, properties, type);
}

function propertiesProblems(spec: Record<string, SpecProperty>, value: Record<string, unknown>, path: string): string[] {
  const problems: string[] = [];
  for (const [name, property] of Object.entries(spec)) {
    if (property.required && !(name in value)) problems.push(`${path}.${name} is required`);
  }
  for (const [name, item] of Object.entries(value)) {
    const property = spec[name];
    if (!property) problems.push(`${path}.${name} is not a property of ${path.split('.')[0]} (known: ${Object.keys(spec).join(', ')})`);
    else problems.push(...valueProblems(property.type, item, `${path}.${name}`));
  }
  return problems;
}

function valueProblems(type: SpecType, value: unknown, path: string): string[] {
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
      return value.flatMap((item, index) => valueProblems(type.element, item, `${path}[${index}]`));
    case 'map':
      if (!isObject(value)) return [`${path} should be a map`];
      return Object.entries(value).flatMap(([key, item]) => valueProblems(type.element, item, `${path}.${key}`));
    case 'tag':
      return isObject(value) && 'Key' in value && 'Value' in value ? [] : [`${path} should be a {Key, Value} tag`];
    case 'ref': {
      if (!isObject(value)) return [`${path} should be an object`];
      const definition = specDatabase().get('typeDefinition', type.reference.$ref) as unknown as { properties: Record<string, SpecProperty> };
      return propertiesProblems(definition.properties, value, path);
    }
    case 'union': {
      const attempts = type.types.map((option) => valueProblems(option, value, path));
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
