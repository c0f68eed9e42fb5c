import type { TemplateBody } from './parseTemplate.ts';
import { partitionOf, urlSuffixOf, type ScanSettings } from './ScanSettings.ts';
import { findUnresolved, isUnresolved, Unresolved } from './Unresolved.ts';

/** Marks `!Ref AWS::NoValue`: the property or list item disappears. */
export const NO_VALUE = Symbol('AWS::NoValue');

/** The stack name scan assumes; generated physical names are the logical ids (see physicalName). */
export const SCAN_STACK_NAME = 'stack';

/** The property that names a resource of each type, when the template sets it. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': 'PolicyName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Serverless::StateMachine': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::EventBus': 'Name',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::SSM::Parameter': 'Name',
};

/**
 * Resolves intrinsic functions the way CloudFormation would for one deployment in the scan's account
 * and region: parameters (override, else default), pseudo parameters, Mappings, Conditions and
 * `Fn::If`, `Fn::Sub`/`Join`/`Select`/`Split`, and resources' `Ref`/`GetAtt` as the names and ARNs
 * they would get. Whatever depends on something not in the template becomes an `Unresolved` value.
 */
export class IntrinsicResolver {
  readonly partition: string;
  readonly pseudo: Readonly<Record<string, string>>;
  readonly #parameters = new Map<string, unknown>();
  readonly #conditions = new Map<string, boolean | Unresolved>();

  constructor(
    readonly body: TemplateBody,
    readonly settings: ScanSettings,
  ) {
    this.partition = partitionOf(settings.region);
    this.pseudo = {
      'AWS::AccountId': settings.accountId,
      'AWS::Region': settings.region,
      'AWS::Partition': this.partition,
      'AWS::URLSuffix': urlSuffixOf(this.partition),
      'AWS::StackName': SCAN_STACK_NAME,
      'AWS::StackId': `arn:${this.partition}:cloudformation:${settings.region}:${settings.accountId}:stack/${SCAN_STACK_NAME}/00000000-0000-0000-0000-000000000000`,
    };
    for (const [name, parameter] of Object.entries(body.Parameters ?? {})) {
      const override = settings.parameterOverrides[name];
      const raw = override ?? parameter?.Default;
      const type = String(parameter?.Type ?? 'String');
      if (raw === undefined) {
        this.#parameters.set(name, new Unresolved(`parameter ${name} has no default and no --parameter-overrides ${name}=VALUE`));
      } else if (type.startsWith('AWS::SSM::Parameter::Value')) {
        this.#parameters.set(name, new Unresolved(`parameter ${name} is read from SSM parameter ${String(raw)} at deploy time`));
      } else if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
        this.#parameters.set(name, Array.isArray(raw) ? raw.map(String) : String(raw).split(',').map((s) => s.trim()));
      } else {
        this.#parameters.set(name, String(raw));
      }
    }
  }

  /** Whether a named condition holds; Unresolved when it depends on an unknown value. */
  condition(name: string): boolean | Unresolved {
    const cached = this.#conditions.get(name);
    if (cached !== undefined) return cached;
    const definition = this.body.Conditions?.[name];
    let value: boolean | Unresolved;
    if (definition === undefined) value = new Unresolved(`condition ${name} is not defined`);
    else {
      this.#conditions.set(name, new Unresolved(`condition ${name} refers to itself`));
      const resolved = this.resolve(definition);
      value = typeof resolved === 'boolean' ? resolved : isUnresolved(resolved) ? resolved : new Unresolved(`condition ${name} is not a boolean`);
    }
    this.#conditions.set(name, value);
    return value;
  }

  /** Whether a resource would exist: true, false, or Unresolved when its Condition cannot be decided. */
  exists(logicalId: string): boolean | Unresolved {
    const resource = this.body.Resources[logicalId];
    if (!resource) return false;
    return resource.Condition === undefined ? true : this.condition(resource.Condition);
  }

  /** Resolves every intrinsic in `value`; `AWS::NoValue` properties and items are dropped. */
  resolve(value: unknown): unknown {
    const resolved = this.#walk(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** The name CloudFormation would give a resource: its name property, else its logical id. */
  physicalName(logicalId: string): string | Unresolved {
    const resource = this.body.Resources[logicalId];
    const property = resource ? NAME_PROPERTY[resource.Type] : undefined;
    const given = property ? resource?.Properties?.[property] : undefined;
    if (given === undefined) return logicalId;
    const name = this.resolve(given);
    return typeof name === 'string' ? name : isUnresolved(name) ? name : new Unresolved(`${logicalId}.${property} is not a string`);
  }

  #walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#walk(item)).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object' || isUnresolved(value)) return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, argument] = entries[0]!;
      if (key === 'Ref') return this.#ref(String(argument));
      if (key === 'Condition' && typeof argument === 'string') return this.condition(argument);
      if (key.startsWith('Fn::')) return this.#fn(key.slice(4), argument);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.#walk(item);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  #fn(name: string, argument: unknown): unknown {
    const args = Array.isArray(argument) ? argument : [argument];
    switch (name) {
      case 'If': {
        const [condition, whenTrue, whenFalse] = args as [unknown, unknown, unknown];
        const holds = this.condition(String(condition));
        if (isUnresolved(holds)) return new Unresolved(`Fn::If ${String(condition)}: ${holds.reason}`);
        return this.#walk(holds ? whenTrue : whenFalse);
      }
      case 'Equals': {
        const [a, b] = [this.#walk(args[0]), this.#walk(args[1])];
        const unknown = findUnresolved([a, b]);
        return unknown ?? JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Not': {
        const a = this.#walk(args[0]);
        return typeof a === 'boolean' ? !a : (findUnresolved(a) ?? new Unresolved('Fn::Not of a non-boolean'));
      }
      case 'And':
      case 'Or': {
        const values = args.map((item) => this.#walk(item));
        const decided = name === 'And' ? values.some((v) => v === false) : values.some((v) => v === true);
        if (decided) return name === 'Or';
        return findUnresolved(values) ?? (name === 'And');
      }
      case 'Join': {
        const [separator, items] = args as [unknown, unknown];
        const list = this.#walk(items);
        if (!Array.isArray(list)) return findUnresolved(list) ?? new Unresolved('Fn::Join of a non-list');
        return findUnresolved(list) ?? list.map(String).join(String(separator));
      }
      case 'Split': {
        const [separator, text] = [this.#walk(args[0]), this.#walk(args[1])];
        return findUnresolved([separator, text]) ?? String(text).split(String(separator));
      }
      case 'Select': {
        const [index, items] = [this.#walk(args[0]), this.#walk(args[1])];
        const unknown = findUnresolved(index) ?? (isUnresolved(items) ? items : undefined);
        if (unknown) return unknown;
        if (!Array.isArray(items)) return new Unresolved('Fn::Select of a non-list');
        return items[Number(index)] ?? new Unresolved(`Fn::Select index ${String(index)} is out of range`);
      }
      case 'Sub':
        return this.#sub(args[0], (args[1] ?? {}) as Record<string, unknown>);
      case 'GetAtt': {
        const [logicalId, attribute] = (typeof argument === 'string' ? argument.split('.') : argument) as [unknown, unknown];
        const attr = this.#walk(attribute);
        if (isUnresolved(attr)) return attr;
        return this.#getAtt(String(logicalId), String(attr));
      }
      case 'FindInMap': {
        const [map, top, second] = args.map((item) => this.#walk(item));
        const unknown = findUnresolved([map, top, second]);
        if (unknown) return unknown;
        const found = this.body.Mappings?.[String(map)]?.[String(top)]?.[String(second)];
        return found === undefined ? new Unresolved(`Fn::FindInMap ${String(map)}.${String(top)}.${String(second)} is not in Mappings`) : this.#walk(found);
      }
      case 'Base64':
        return this.#walk(args[0]);
      case 'ToJsonString': {
        const inner = this.#walk(argument);
        return findUnresolved(inner) ?? JSON.stringify(inner);
      }
      case 'Length': {
        const inner = this.#walk(argument);
        return Array.isArray(inner) ? inner.length : (findUnresolved(inner) ?? new Unresolved('Fn::Length of a non-list'));
      }
      case 'ImportValue':
        return new Unresolved(`Fn::ImportValue ${JSON.stringify(this.#walk(argument))} is another stack's export`);
      case 'GetAZs':
        return new Unresolved('Fn::GetAZs depends on the account');
      default:
        return new Unresolved(`Fn::${name} is not evaluated by keycard scan`);
    }
  }

  #sub(template: unknown, variables: Record<string, unknown>): unknown {
    const text = this.#walk(template);
    if (typeof text !== 'string') return findUnresolved(text) ?? new Unresolved('Fn::Sub of a non-string');
    let unknown: Unresolved | undefined;
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`; // ${!Literal} writes ${Literal}
      let value: unknown;
      if (name in variables) value = this.#walk(variables[name]);
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        value = this.#getAtt(name.slice(0, dot), name.slice(dot + 1));
      } else value = this.#ref(name);
      if (isUnresolved(value)) {
        unknown ??= value;
        return whole;
      }
      return Array.isArray(value) ? value.join(',') : String(value);
    });
    return unknown ?? out;
  }

  #ref(name: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name === 'AWS::NotificationARNs') return [];
    if (name in this.pseudo) return this.pseudo[name];
    if (this.#parameters.has(name)) return this.#parameters.get(name);
    const resource = this.body.Resources[name];
    if (!resource) return new Unresolved(`Ref ${name}: no such parameter or resource`);
    const id = this.physicalName(name);
    if (isUnresolved(id)) return id;
    const { partition } = this;
    const [region, account] = [this.settings.region, this.settings.accountId];
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${id}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.${urlSuffixOf(partition)}/${account}/${id}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${partition}:iam::${account}:policy${this.#path(name)}${id}`;
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::Serverless::StateMachine':
        return `arn:${partition}:states:${region}:${account}:stateMachine:${id}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:${partition}:secretsmanager:${region}:${account}:secret:${id}-AbCdEf`;
      case 'AWS::KMS::Key':
        return `${name.toLowerCase()}-0000-0000-0000-000000000000`;
      case 'AWS::IAM::Role':
      case 'AWS::IAM::Policy':
      case 'AWS::Lambda::Function':
      case 'AWS::Serverless::Function':
      case 'AWS::S3::Bucket':
      case 'AWS::DynamoDB::Table':
      case 'AWS::Serverless::SimpleTable':
      case 'AWS::Kinesis::Stream':
      case 'AWS::Logs::LogGroup':
      case 'AWS::Events::Rule':
      case 'AWS::Events::EventBus':
      case 'AWS::SSM::Parameter':
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::Serverless::Api':
      case 'AWS::ApiGatewayV2::Api':
      case 'AWS::Serverless::HttpApi':
        return id;
      default:
        return new Unresolved(`Ref ${name} (${resource.Type}) is not modelled by keycard scan`);
    }
  }

  #getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.body.Resources[logicalId];
    if (!resource) return new Unresolved(`Fn::GetAtt ${logicalId}.${attribute}: no such resource`);
    const id = this.physicalName(logicalId);
    if (isUnresolved(id)) return id;
    const { partition } = this;
    const [region, account] = [this.settings.region, this.settings.accountId];
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${account}:role${this.#path(logicalId)}${id}`;
      case 'AWS::IAM::Role.RoleId':
        return new Unresolved(`${logicalId}.RoleId is assigned at deploy time`);
      case 'AWS::Lambda::Function.Arn':
      case 'AWS::Serverless::Function.Arn':
        return `arn:${partition}:lambda:${region}:${account}:function:${id}`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:${partition}:sqs:${region}:${account}:${id}`;
      case 'AWS::SQS::Queue.QueueName':
      case 'AWS::SNS::Topic.TopicName':
        return id;
      case 'AWS::SQS::Queue.QueueUrl':
        return `https://sqs.${region}.${urlSuffixOf(partition)}/${account}/${id}`;
      case 'AWS::SNS::Topic.TopicArn':
        return `arn:${partition}:sns:${region}:${account}:${id}`;
      case 'AWS::S3::Bucket.Arn':
        return `arn:${partition}:s3:::${id}`;
      case 'AWS::DynamoDB::Table.Arn':
      case 'AWS::Serverless::SimpleTable.Arn':
        return `arn:${partition}:dynamodb:${region}:${account}:table/${id}`;
      case 'AWS::DynamoDB::Table.StreamArn':
        return `arn:${partition}:dynamodb:${region}:${account}:table/${id}/stream/1970-01-01T00:00:00.000`;
      case 'AWS::Kinesis::Stream.Arn':
        return `arn:${partition}:kinesis:${region}:${account}:stream/${id}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:${partition}:logs:${region}:${account}:log-group:${id}:*`;
      case 'AWS::KMS::Key.Arn':
        return `arn:${partition}:kms:${region}:${account}:key/${String(this.#ref(logicalId))}`;
      case 'AWS::Events::Rule.Arn':
        return `arn:${partition}:events:${region}:${account}:rule/${id}`;
      case 'AWS::Events::EventBus.Arn':
        return `arn:${partition}:events:${region}:${account}:event-bus/${id}`;
      case 'AWS::StepFunctions::StateMachine.Arn':
      case 'AWS::Serverless::StateMachine.Arn':
        return `arn:${partition}:states:${region}:${account}:stateMachine:${id}`;
      case 'AWS::IAM::ManagedPolicy.PolicyArn':
        return `arn:${partition}:iam::${account}:policy${this.#path(logicalId)}${id}`;
      default:
        return new Unresolved(`Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}) is not modelled by keycard scan`);
    }
  }

  /** A role's or managed policy's Path ("/" unless set). */
  #path(logicalId: string): string {
    const path = this.resolve(this.body.Resources[logicalId]?.Properties?.Path);
    return typeof path === 'string' && path.startsWith('/') && path.endsWith('/') ? path : '/';
  }
}
