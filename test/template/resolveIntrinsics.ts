import type { CloudFormationTemplate } from './loadTemplate.ts';

/** Values standing in for a deployment: account 111122223333, us-east-1, stack `keycard`. */
export const SAMPLE_PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::AccountId': '111122223333',
  'AWS::Region': 'us-east-1',
  'AWS::Partition': 'aws',
  'AWS::StackName': 'keycard',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:111122223333:stack/keycard/6f0d3e70-c5a1-11f0-8de9-0a1b2c3d4e5f',
};

/** Marks `!Ref AWS::NoValue`: the property or list item disappears. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves intrinsic functions of a template against sample parameters, the way CloudFormation
 * would for one deployment: conditions evaluated, `!If` chosen, `!Sub`/`!Join` expanded, and
 * resources' `Ref`/`GetAtt` replaced by sample physical ids and ARNs derived from their logical ids.
 */
export class IntrinsicResolver {
  readonly parameters: Record<string, string>;
  private readonly conditions = new Map<string, boolean>();

  constructor(
    readonly template: CloudFormationTemplate,
    parameterOverrides: Record<string, string> = {},
    readonly pseudo: Readonly<Record<string, string>> = SAMPLE_PSEUDO_PARAMETERS,
  ) {
    this.parameters = {};
    for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
      const value = parameterOverrides[name] ?? parameter.Default;
      if (value !== undefined) this.parameters[name] = String(value);
    }
    for (const name of Object.keys(parameterOverrides)) {
      if (!(name in (template.Parameters ?? {}))) throw new Error(`Unknown template parameter ${name}`);
    }
  }

  /** Whether a named condition holds for these parameters. */
  condition(name: string): boolean {
    const cached = this.conditions.get(name);
    if (cached !== undefined) return cached;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`Unknown condition ${name}`);
    const value = this.resolve(definition);
    if (typeof value !== 'boolean') throw new Error(`Condition ${name} did not evaluate to a boolean`);
    this.conditions.set(name, value);
    return value;
  }

  /** Whether a resource exists for these parameters (its `Condition`, if any, holds). */
  exists(logicalId: string): boolean {
    const resource = this.template.Resources[logicalId];
    if (!resource) return false;
    return resource.Condition === undefined || this.condition(resource.Condition);
  }

  /** Resolves every intrinsic in `value`; returns plain JSON. */
  resolve(value: unknown): unknown {
    const resolved = this.walk(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  private walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.walk(item)).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, argument] = entries[0]!;
      if (key === 'Ref') return this.ref(String(argument));
      if (key === 'Condition' && typeof argument === 'string') return this.condition(argument);
      if (key.startsWith('Fn::')) return this.fn(key.slice(4), argument);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.walk(item);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private fn(name: string, argument: unknown): unknown {
    const args = Array.isArray(argument) ? argument : [argument];
    switch (name) {
      case 'If': {
        const [condition, whenTrue, whenFalse] = args as [string, unknown, unknown];
        return this.walk(this.condition(condition) ? whenTrue : whenFalse);
      }
      case 'Equals':
        return JSON.stringify(this.walk(args[0])) === JSON.stringify(this.walk(args[1]));
      case 'Not':
        return !this.walk(args[0]);
      case 'And':
        return args.every((item) => this.walk(item) === true);
      case 'Or':
        return args.some((item) => this.walk(item) === true);
      case 'Join': {
        const [separator, items] = args as [string, unknown];
        return (this.walk(items) as unknown[]).map(String).join(separator);
      }
      case 'Split': {
        const [separator, text] = args as [string, unknown];
        return String(this.walk(text)).split(separator);
      }
      case 'Select': {
        const [index, items] = args as [unknown, unknown];
        return (this.walk(items) as unknown[])[Number(this.walk(index))];
      }
      case 'Sub':
        return this.sub(args[0] as string, (args[1] ?? {}) as Record<string, unknown>);
      case 'GetAtt': {
        const [logicalId, attribute] = (typeof argument === 'string' ? argument.split('.') : argument) as [string, string];
        return this.getAtt(logicalId, attribute);
      }
      default:
        throw new Error(`Fn::${name} is not supported by the sample resolver`);
    }
  }

  private sub(text: string, variables: Record<string, unknown>): string {
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
      if (name in variables) return String(this.walk(variables[name]));
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        return String(this.getAtt(name.slice(0, dot), name.slice(dot + 1)));
      }
      return String(this.ref(name));
    });
  }

  private ref(name: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in this.pseudo) return this.pseudo[name];
    if (name in this.parameters) return this.parameters[name];
    const resource = this.template.Resources[name];
    if (!resource) throw new Error(`Ref ${name}: no such parameter or resource`);
    const p = this.pseudo;
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return `arn:${p['AWS::Partition']}:sns:${p['AWS::Region']}:${p['AWS::AccountId']}:${this.physicalName(name)}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${p['AWS::Region']}.amazonaws.com/${p['AWS::AccountId']}/${this.physicalName(name)}`;
      case 'AWS::Logs::LogGroup':
        return this.logGroupName(name);
      case 'AWS::KMS::Key':
        return '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
      default:
        return this.physicalName(name);
    }
  }

  private getAtt(logicalId: string, attribute: string): string {
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`GetAtt ${logicalId}.${attribute}: no such resource`);
    const p = this.pseudo;
    const [partition, region, account] = [p['AWS::Partition'], p['AWS::Region'], p['AWS::AccountId']];
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${account}:role/${this.physicalName(logicalId)}`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:${partition}:sqs:${region}:${account}:${this.physicalName(logicalId)}`;
      case 'AWS::SQS::Queue.QueueName':
        return this.physicalName(logicalId);
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:${partition}:dynamodb:${region}:${account}:table/${this.physicalName(logicalId)}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${partition}:logs:${region}:${account}:log-group:${this.logGroupName(logicalId)}:*`;
      case 'AWS::Serverless::Function.Arn':
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${region}:${account}:function:${this.physicalName(logicalId)}`;
      case 'AWS::KMS::Key.Arn':
        return `arn:${partition}:kms:${region}:${account}:key/${String(this.ref(logicalId))}`;
      case 'AWS::Events::Rule.Arn':
        return `arn:${partition}:events:${region}:${account}:rule/${this.physicalName(logicalId)}`;
      case 'AWS::CloudWatch::Alarm.Arn':
        return `arn:${partition}:cloudwatch:${region}:${account}:alarm:${this.physicalName(logicalId)}`;
      default:
        throw new Error(`GetAtt ${logicalId}.${attribute} (${resource.Type}) is not supported by the sample resolver`);
    }
  }

  /** A role's `RoleName` when it has one; otherwise CloudFormation's generated `<stack>-<LogicalId>-<suffix>`. */
  physicalName(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    if (resource?.Type === 'AWS::IAM::Role' && resource.Properties?.RoleName !== undefined) return String(this.resolve(resource.Properties.RoleName));
    return `${this.pseudo['AWS::StackName']}-${logicalId}-SAMPLE1234`;
  }

  private logGroupName(logicalId: string): string {
    const name = this.template.Resources[logicalId]?.Properties?.LogGroupName;
    return name === undefined ? this.physicalName(logicalId) : String(this.resolve(name));
  }
}
