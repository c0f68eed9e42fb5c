import type { SourceLocation } from '../checks/types.ts';
import type { AccountFacts, FunctionFacts, IncompleteFact, RoleFacts } from '../facts/types.ts';
import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument, PolicySource, PolicyStatement } from '../policy/index.ts';
import { IntrinsicResolver } from './IntrinsicResolver.ts';
import { LocationIndex } from './LocationIndex.ts';
import type { ManagedPolicyLookup } from './ManagedPolicyLookup.ts';
import type { ParsedTemplate } from './parseTemplate.ts';
import { resolvePolicyDocument, UNRESOLVED_PLACEHOLDER } from './resolvePolicyDocument.ts';
import { expandPolicyTemplate } from './samPolicyTemplates.ts';
import { samEvent } from './samEventSources.ts';
import { mergeGlobals } from './mergeGlobals.ts';
import { partitionOf, type ScanSettings } from './ScanSettings.ts';
import { TemplateScope } from './TemplateScope.ts';
import { isUnresolved, Unresolved, findUnresolved } from './Unresolved.ts';

export interface TemplateFacts {
  facts: AccountFacts;
  locations: LocationIndex;
  /** AWS managed policies read from the offline catalogue: ARN -> version id. */
  managedPoliciesUsed: Map<string, string>;
}

const LAMBDA_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] };

type Props = Record<string, unknown>;
const asProps = (value: unknown): Props => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Props) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

interface CustomerPolicy {
  source?: PolicySource;
  at: SourceLocation;
  statements: SourceLocation[];
  gaps: { what: string; reason: string }[];
}

/**
 * Templates -> the AccountFacts `audit` builds from an account, so the same checks run on what the
 * templates would create: roles (IAM roles, SAM-generated roles with their managed policies, policy
 * templates and inline statements, AWS::IAM::Policy/ManagedPolicy attached to them), functions
 * (SAM and Lambda, Globals merged) with the resource policy their Permissions and Events produce and
 * their URLs. Pure: the AWS managed policy catalogue is passed in. Every unknown becomes an
 * IncompleteFact on the role or function it affects, with its line.
 */
export function buildTemplateFacts(templates: readonly ParsedTemplate[], settings: ScanSettings, lookup: ManagedPolicyLookup): TemplateFacts {
  return new TemplateFactsBuilder(settings, lookup).build(templates);
}

class TemplateFactsBuilder {
  readonly partition: string;
  readonly index = new LocationIndex();
  readonly roles = new Map<string, RoleFacts>();
  readonly functions: FunctionFacts[] = [];
  readonly accountGaps: IncompleteFact[] = [];
  readonly managedPoliciesUsed = new Map<string, string>();
  readonly #awsManaged = new Map<string, PolicySource | undefined>();
  /** Policies referenced only by ARN, reported once (on the first role that attaches them). */
  readonly #notVisible = new Map<string, IncompleteFact>();

  constructor(
    readonly settings: ScanSettings,
    readonly lookup: ManagedPolicyLookup,
  ) {
    this.partition = partitionOf(settings.region);
  }

  build(templates: readonly ParsedTemplate[]): TemplateFacts {
    for (const template of templates) this.#readTemplate(new TemplateScope(template, new IntrinsicResolver(template.body, this.settings)));
    return {
      facts: {
        accountId: this.settings.accountId,
        region: this.settings.region,
        partition: this.partition,
        roles: this.roles,
        functions: this.functions,
        incomplete: this.accountGaps,
      },
      locations: this.index,
      managedPoliciesUsed: this.managedPoliciesUsed,
    };
  }

  #gap(target: { incomplete: IncompleteFact[] }, what: string, reason: string, at: SourceLocation): void {
    const fact = { what, reason };
    target.incomplete.push(fact);
    if (!this.index.gaps.has(what)) this.index.gaps.set(what, at);
  }

  /** Resources that would be created; one whose Condition cannot be decided is kept, and said so. */
  #resources(scope: TemplateScope, types: string[]): [string, Props, SourceLocation, Unresolved | undefined][] {
    const out: [string, Props, SourceLocation, Unresolved | undefined][] = [];
    for (const [id, resource] of Object.entries(scope.template.body.Resources)) {
      if (!types.includes(resource?.Type)) continue;
      const exists = scope.resolver.exists(id);
      if (exists === false) continue;
      out.push([id, asProps(resource.Properties), scope.resource(id), isUnresolved(exists) ? exists : undefined]);
    }
    return out;
  }

  #readTemplate(scope: TemplateScope): void {
    this.#notScanned(scope);
    const customer = this.#customerPolicies(scope);
    const templateRoles = new Map<string, RoleFacts>();
    for (const [id, props, at, condition] of this.#resources(scope, ['AWS::IAM::Role'])) {
      const role = this.#iamRole(scope, id, props, at, customer);
      if (condition) this.#gap(role, `role ${role.name} (${id})`, `exists only when ${condition.reason}; evaluated as if it exists`, at);
      templateRoles.set(role.name, role);
    }
    this.#attachPolicyResources(scope, templateRoles, customer);
    const functions: [string, Props, SourceLocation, FunctionFacts][] = [];
    for (const [id, raw, at, condition] of this.#resources(scope, ['AWS::Serverless::Function', 'AWS::Lambda::Function'])) {
      const sam = scope.template.body.Resources[id]!.Type === 'AWS::Serverless::Function';
      const props = sam ? mergeGlobals(asProps(scope.template.body.Globals?.Function), raw, scope.template.positions) : raw;
      const fn = this.#function(scope, id, props, at, sam, customer);
      if (condition) this.#gap(fn, `function ${fn.name} (${id})`, `exists only when ${condition.reason}; evaluated as if it exists`, at);
      functions.push([id, props, at, fn]);
    }
    this.#permissions(scope, functions);
    this.#urls(scope, functions);
    this.#eventSourceMappings(scope, functions);
  }

  /** What scan does not expand is said, not skipped: nested stacks and applications, Fn::ForEach. */
  #notScanned(scope: TemplateScope): void {
    for (const [id, resource] of Object.entries(scope.template.body.Resources)) {
      const type = typeof resource === 'object' && resource !== null ? resource.Type : undefined;
      const reason =
        id.startsWith('Fn::ForEach::') ? 'Fn::ForEach (AWS::LanguageExtensions) is not expanded by keycard scan'
        : type === 'AWS::CloudFormation::Stack' || type === 'AWS::Serverless::Application' ? `${type} is a nested stack: scan its template too`
        : undefined;
      if (reason === undefined) continue;
      const what = `resources ${id} of ${scope.file}`;
      this.accountGaps.push({ what, reason: `${reason}; roles and functions it creates are not evaluated` });
      this.index.gaps.set(what, scope.resource(id));
    }
  }

  // ---- roles ---------------------------------------------------------------------------------

  #customerPolicies(scope: TemplateScope): Map<string, CustomerPolicy> {
    const out = new Map<string, CustomerPolicy>();
    for (const [id, props, at] of this.#resources(scope, ['AWS::IAM::ManagedPolicy'])) {
      const arn = scope.resolver.resolve({ Ref: id });
      if (typeof arn !== 'string') continue;
      const name = arn.slice(arn.lastIndexOf('/') + 1);
      const resolved = resolvePolicyDocument(props.PolicyDocument, `managed policy ${name}`, scope.resolver, scope.template.positions, scope.key(props, 'PolicyDocument', at));
      out.set(arn, {
        ...(resolved.document ? { source: { name, arn, kind: 'customer-managed', document: resolved.document } } : {}),
        at,
        statements: resolved.statements,
        gaps: resolved.unknown,
      });
    }
    return out;
  }

  #newRole(arn: string, name: string, path: string, at: SourceLocation): RoleFacts {
    const role: RoleFacts = { arn, name, path, accountId: this.settings.accountId, policies: [], tags: {}, incomplete: [] };
    this.roles.set(arn.toLowerCase(), role);
    this.index.roles.set(arn, at);
    return role;
  }

  #iamRole(scope: TemplateScope, id: string, props: Props, at: SourceLocation, customer: Map<string, CustomerPolicy>): RoleFacts {
    const { resolver } = scope;
    const resolvedArn = resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] });
    const arn = typeof resolvedArn === 'string' ? resolvedArn : `arn:${this.partition}:iam::${this.settings.accountId}:role/${id}`;
    const path = resolver.resolve(props.Path);
    const role = this.#newRole(arn, arn.slice(arn.lastIndexOf('/') + 1), typeof path === 'string' ? path : '/', at);
    if (isUnresolved(resolvedArn)) this.#gap(role, `name of role ${id}`, `${resolvedArn.reason}; named ${id} here`, scope.key(props, 'RoleName', at));

    this.#setTrust(scope, role, props.AssumeRolePolicyDocument, scope.key(props, 'AssumeRolePolicyDocument', at));
    const policies = props.Policies;
    this.#listItems(scope, role, policies, `Policies of role ${role.name}`, scope.key(props, 'Policies', at)).forEach(([item, itemAt], i) => {
      if (isIntrinsic(item)) {
        const reason = findUnresolved(scope.resolver.resolve(item))?.reason ?? 'not a policy';
        this.#gap(role, `inline policy ${i} of role ${role.name}`, `${reason}; left out (never a grant, never a safeguard)`, itemAt);
        return;
      }
      const entry = asProps(item);
      const name = resolver.resolve(entry.PolicyName);
      this.#addInline(scope, role, typeof name === 'string' ? name : `${id}Policy${i}`, entry.PolicyDocument, itemAt);
    });
    const managed = props.ManagedPolicyArns;
    for (const [item, itemAt] of this.#listItems(scope, role, managed, `ManagedPolicyArns of role ${role.name}`, scope.key(props, 'ManagedPolicyArns', at))) {
      this.#attachManaged(scope, role, item, itemAt, customer);
    }
    if (props.PermissionsBoundary !== undefined) this.#setBoundary(scope, role, props.PermissionsBoundary, scope.key(props, 'PermissionsBoundary', at), customer);
    for (const tag of asList(resolver.resolve(props.Tags))) {
      const { Key, Value } = asProps(tag);
      if (typeof Key === 'string' && typeof Value === 'string') role.tags[Key] = Value;
    }
    return role;
  }

  /**
   * The items of a list property with where each is written. A list given by an intrinsic (`!If`)
   * is resolved first; an item that is `!If [..., !Ref AWS::NoValue]` resolving to nothing is dropped.
   */
  #listItems(scope: TemplateScope, role: RoleFacts, list: unknown, what: string, at: SourceLocation): [unknown, SourceLocation][] {
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      const resolved = scope.resolver.resolve(list);
      if (isUnresolved(resolved)) {
        this.#gap(role, what, `${resolved.reason}; unknown (never a grant, never a safeguard)`, at);
        return [];
      }
      return asList(resolved).map((item) => [item, at]);
    }
    const out: [unknown, SourceLocation][] = [];
    list.forEach((item, i) => {
      const itemAt = scope.item(list, i, at);
      if (!isIntrinsic(item)) {
        out.push([item, itemAt]);
        return;
      }
      const resolved = scope.resolver.resolve(item);
      if (resolved === undefined) return;
      // Unresolved items stay, so the caller reports them where it knows what they were for.
      out.push([isUnresolved(resolved) || typeof resolved === 'string' ? item : resolved, itemAt]);
    });
    return out;
  }

  #setTrust(scope: TemplateScope, role: RoleFacts, raw: unknown, at: SourceLocation): void {
    if (raw === undefined) {
      this.#gap(role, `trust policy of role ${role.name}`, 'the template gives no AssumeRolePolicyDocument', at);
      return;
    }
    const resolved = resolvePolicyDocument(raw, `trust policy of role ${role.name}`, scope.resolver, scope.template.positions, at);
    for (const gap of resolved.unknown) this.#gap(role, gap.what, gap.reason, at);
    if (resolved.document) role.trustPolicy = resolved.document;
    this.index.setPolicy(role.arn, 'trust-policy', { at, statements: resolved.statements });
  }

  #addInline(scope: TemplateScope, role: RoleFacts, name: string, raw: unknown, at: SourceLocation): void {
    const resolved = resolvePolicyDocument(raw, `inline policy ${name} of role ${role.name}`, scope.resolver, scope.template.positions, at);
    for (const gap of resolved.unknown) this.#gap(role, gap.what, gap.reason, resolved.statements[0] ?? at);
    if (resolved.document) role.policies.push({ name, kind: 'inline', document: resolved.document });
    this.index.setPolicy(role.arn, name, { at, statements: resolved.statements });
  }

  /** An inline policy built by scan itself (SAM policy templates, the DLQ policy): every statement at `at`. */
  #addGenerated(role: RoleFacts, name: string, statements: Record<string, unknown>[], at: SourceLocation, scope: TemplateScope): void {
    this.#addInline(scope, role, name, { Version: '2012-10-17', Statement: statements }, at);
    this.index.setPolicy(role.arn, name, { at, statements: statements.map(() => at) });
  }

  #attachManaged(scope: TemplateScope, role: RoleFacts, raw: unknown, at: SourceLocation, customer: Map<string, CustomerPolicy>): void {
    const value = scope.resolver.resolve(raw);
    if (value === undefined) return; // !Ref AWS::NoValue
    if (typeof value !== 'string') {
      const reason = isUnresolved(value) ? value.reason : 'not a string';
      this.#gap(role, `a managed policy of role ${role.name}`, `${reason}; its permissions are unknown (never a grant, never a safeguard)`, at);
      return;
    }
    const source = this.#managedSource(role, value, at, customer, 'attached');
    if (source) role.policies.push(source);
  }

  #setBoundary(scope: TemplateScope, role: RoleFacts, raw: unknown, at: SourceLocation, customer: Map<string, CustomerPolicy>): void {
    const value = scope.resolver.resolve(raw);
    if (typeof value !== 'string') {
      const reason = isUnresolved(value) ? value.reason : 'not a string';
      this.#gap(role, `permissions boundary of role ${role.name}`, `${reason}; unknown (never a safeguard)`, at);
      return;
    }
    const source = this.#managedSource(role, value, at, customer, 'permissions-boundary');
    if (source) role.permissionsBoundary = source;
  }

  /** A managed policy by ARN (or an AWS managed policy by name, as SAM allows): from the template, the catalogue, or not visible. */
  #managedSource(role: RoleFacts, nameOrArn: string, at: SourceLocation, customer: Map<string, CustomerPolicy>, as: 'attached' | 'permissions-boundary'): PolicySource | undefined {
    const kind = as === 'permissions-boundary' ? 'permissions-boundary' : undefined;
    const own = customer.get(nameOrArn);
    if (own) {
      for (const gap of own.gaps) this.#gap(role, gap.what, gap.reason, own.at);
      if (!own.source) return undefined;
      this.index.setPolicy(role.arn, own.source.name, { at: own.at, statements: own.statements });
      return kind ? { ...own.source, kind } : own.source;
    }
    const awsManaged = /^arn:[^:]+:iam::aws:policy\//.test(nameOrArn) || !nameOrArn.startsWith('arn:');
    if (awsManaged) {
      const source = this.#awsManagedSource(nameOrArn);
      if (source) {
        this.index.setPolicy(role.arn, source.name, { at, statements: statementsOf(source.document).map(() => at) });
        return kind ? { ...source, kind } : source;
      }
    }
    const what = `managed policy ${nameOrArn}`;
    const known = this.#notVisible.get(nameOrArn);
    if (known) {
      known.reason = known.reason.replace(/\(attached to roles? ([^)]*)\)/, (_, names: string) => `(attached to roles ${names}, ${role.name})`);
      return undefined;
    }
    const reason = awsManaged
      ? `not in the AWS managed policy catalogue keycard scan reads (attached to role ${role.name}); unknown, never a grant, never a safeguard`
      : `defined outside the template, so not visible to keycard scan (attached to role ${role.name}); never a grant, never a safeguard`;
    const fact = { what, reason };
    this.#notVisible.set(nameOrArn, fact);
    role.incomplete.push(fact);
    this.index.gaps.set(what, at);
    return undefined;
  }

  #awsManagedSource(nameOrArn: string): PolicySource | undefined {
    if (this.#awsManaged.has(nameOrArn)) return this.#awsManaged.get(nameOrArn);
    let source: PolicySource | undefined;
    const found = this.lookup(nameOrArn);
    if (found) {
      const arn = found.arn.replace(/^arn:[^:]+:/, `arn:${this.partition}:`);
      try {
        source = { name: arn.slice(arn.lastIndexOf('/') + 1), arn, kind: 'aws-managed', document: parsePolicyDocument(found.document, `managed policy ${arn}`) };
        this.managedPoliciesUsed.set(arn, found.versionId);
      } catch {
        source = undefined;
      }
    }
    this.#awsManaged.set(nameOrArn, source);
    return source;
  }

  /** AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources whose `Roles` name a role of this template. */
  #attachPolicyResources(scope: TemplateScope, roles: Map<string, RoleFacts>, customer: Map<string, CustomerPolicy>): void {
    for (const [id, props, at] of this.#resources(scope, ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'])) {
      const type = scope.template.body.Resources[id]!.Type;
      for (const name of asList(scope.resolver.resolve(props.Roles))) {
        const role = typeof name === 'string' ? roles.get(name) : undefined;
        if (!role) continue;
        if (type === 'AWS::IAM::Policy') {
          const policyName = scope.resolver.resolve(props.PolicyName);
          this.#addInline(scope, role, typeof policyName === 'string' ? policyName : id, props.PolicyDocument, scope.key(props, 'PolicyDocument', at));
        } else {
          const arn = scope.resolver.resolve({ Ref: id });
          if (typeof arn === 'string') this.#attachManaged(scope, role, arn, at, customer);
        }
      }
    }
  }

  // ---- functions -----------------------------------------------------------------------------

  #function(scope: TemplateScope, id: string, props: Props, at: SourceLocation, sam: boolean, customer: Map<string, CustomerPolicy>): FunctionFacts {
    const { resolver } = scope;
    const resolvedName = resolver.physicalName(id);
    const name = typeof resolvedName === 'string' ? resolvedName : id;
    const arn = `arn:${this.partition}:lambda:${this.settings.region}:${this.settings.accountId}:function:${name}`;
    const value = (key: string) => resolver.resolve(props[key]);
    const logging = asProps(value('LoggingConfig'));
    const vpc = asProps(value('VpcConfig'));
    const subnets = asList(vpc.SubnetIds);
    const dlq = sam ? asProps(value('DeadLetterQueue')).TargetArn : asProps(value('DeadLetterConfig')).TargetArn;
    const tracing = sam ? value('Tracing') : asProps(value('TracingConfig')).Mode;
    const kms = value('KmsKeyArn');
    const fn: FunctionFacts = {
      arn,
      name,
      accountId: this.settings.accountId,
      region: this.settings.region,
      partition: this.partition,
      roleArn: '',
      ...(typeof value('Runtime') === 'string' ? { runtime: value('Runtime') as string } : {}),
      packageType: typeof value('PackageType') === 'string' ? (value('PackageType') as string) : 'Zip',
      logGroupName: typeof logging.LogGroup === 'string' ? logging.LogGroup : `/aws/lambda/${name}`,
      ...(typeof tracing === 'string' ? { tracingMode: tracing } : {}),
      ...(subnets.length > 0 ? { vpc: { subnetIds: subnets.map(textOf), securityGroupIds: asList(vpc.SecurityGroupIds).map(textOf) } } : {}),
      ...(dlq !== undefined ? { deadLetterTargetArn: textOf(dlq) } : {}),
      ...(typeof kms === 'string' && !/:alias\/aws\//.test(kms) ? { kmsKeyArn: kms } : {}),
      environmentVariableNames: Object.keys(asProps(asProps(value('Environment')).Variables)),
      fileSystems: asList(value('FileSystemConfigs')).map((fs) => ({ arn: textOf(asProps(fs).Arn), localMountPath: textOf(asProps(fs).LocalMountPath) })),
      layerArns: asList(value('Layers')).map(textOf),
      eventSourceMappings: [],
      functionUrls: [],
      incomplete: [],
    };
    if (isUnresolved(resolvedName)) this.#gap(fn, `name of function ${id}`, `${resolvedName.reason}; named ${id} here`, scope.key(props, 'FunctionName', at));
    for (const [key, v] of [['VpcConfig', vpc], ['DeadLetterQueue', dlq], ['KmsKeyArn', kms], ['Tracing', tracing]] as const) {
      const gap = findUnresolved(v);
      if (gap) this.#gap(fn, `${key} of function ${name}`, `${gap.reason}; checks that need it see a placeholder`, scope.key(props, key, at));
    }
    this.functions.push(fn);
    this.index.functions.set(arn, at);

    if (sam && props.Role === undefined) fn.roleArn = this.#samRole(scope, id, props, at, fn, customer).arn;
    else {
      const roleAt = scope.key(props, 'Role', at);
      this.index.functionRoles.set(arn, roleAt);
      const role = resolver.resolve(props.Role);
      // `!Ref Role` gives the role's name; the template's role of that name carries its path.
      if (typeof role === 'string') fn.roleArn = role.startsWith('arn:') ? role : (this.#roleNamed(role)?.arn ?? `arn:${this.partition}:iam::${this.settings.accountId}:role/${role}`);
      else {
        fn.roleArn = `arn:${this.partition}:iam::${this.settings.accountId}:role/${UNRESOLVED_PLACEHOLDER}`;
        this.#gap(fn, `execution role of function ${name}`, `${isUnresolved(role) ? role.reason : 'no Role'}; role checks cannot run`, roleAt);
      }
    }
    return fn;
  }

  #roleNamed(name: string): RoleFacts | undefined {
    const folded = name.toLowerCase();
    return [...this.roles.values()].find((role) => role.name.toLowerCase() === folded);
  }

  /** The role SAM generates for a function without `Role`, as SAM documents it. */
  #samRole(scope: TemplateScope, id: string, props: Props, at: SourceLocation, fn: FunctionFacts, customer: Map<string, CustomerPolicy>): RoleFacts {
    const { resolver } = scope;
    const name = `${id}Role`;
    const policiesAt = scope.key(props, 'Policies', at);
    this.index.functionRoles.set(fn.arn, policiesAt);
    const role = this.#newRole(`arn:${this.partition}:iam::${this.settings.accountId}:role/${name}`, name, '/', at);
    this.#setTrust(scope, role, props.AssumeRolePolicyDocument ?? LAMBDA_TRUST, scope.key(props, 'AssumeRolePolicyDocument', at));

    const managed = ['service-role/AWSLambdaBasicExecutionRole'];
    if (resolver.resolve(props.Tracing) !== undefined) managed.push('AWSXRayDaemonWriteAccess');
    if (props.VpcConfig !== undefined) managed.push('service-role/AWSLambdaVPCAccessExecutionRole');
    const events = asProps(props.Events);
    for (const [eventId, event] of Object.entries(events)) {
      const e = asProps(event);
      const mapped = samEvent(String(e.Type), asProps(e.Properties), id, eventId);
      if (mapped.kind === 'mapping' && mapped.managedPolicy) managed.push(mapped.managedPolicy);
    }
    for (const policy of [...new Set(managed)]) {
      const source = this.#managedSource(role, `arn:${this.partition}:iam::aws:policy/${policy}`, at, customer, 'attached');
      if (source) role.policies.push(source);
    }

    const policies = props.Policies;
    const items = Array.isArray(policies) ? policies : policies === undefined ? [] : [policies];
    items.forEach((item, i) => {
      const itemAt = Array.isArray(policies) ? scope.item(policies, i, policiesAt) : policiesAt;
      this.#samPolicyItem(scope, role, id, item, i, itemAt, customer);
    });

    const dlq = asProps(props.DeadLetterQueue);
    if (props.DeadLetterQueue !== undefined) {
      const action = dlq.Type === 'SNS' ? 'sns:Publish' : 'sqs:SendMessage';
      this.#addGenerated(role, `${id}RoleDeadLetterQueuePolicy`, [{ Effect: 'Allow', Action: action, Resource: dlq.TargetArn }], scope.key(props, 'DeadLetterQueue', at), scope);
    }
    if (props.PermissionsBoundary !== undefined) this.#setBoundary(scope, role, props.PermissionsBoundary, scope.key(props, 'PermissionsBoundary', at), customer);
    return role;
  }

  /** One item of a SAM function's `Policies`: a managed policy name or ARN, an inline document, or a policy template. */
  #samPolicyItem(scope: TemplateScope, role: RoleFacts, id: string, item: unknown, i: number, at: SourceLocation, customer: Map<string, CustomerPolicy>): void {
    const policyName = `${id}RolePolicy${i}`;
    if (isIntrinsic(item)) {
      // `!If [Cond, Policy, !Ref AWS::NoValue]`, `!Ref PolicyArn`: resolve first, then read what it gives.
      const resolved = scope.resolver.resolve(item);
      if (resolved === undefined) return;
      if (isUnresolved(resolved)) {
        this.#gap(role, `policy ${i} of role ${role.name}`, `${resolved.reason}; its permissions are unknown (never a grant, never a safeguard)`, at);
        return;
      }
      item = resolved;
    }
    if (typeof item === 'string') {
      const source = this.#managedSource(role, item, at, customer, 'attached');
      if (source) role.policies.push(source);
      return;
    }
    const entry = asProps(item);
    const keys = Object.keys(entry);
    if ('Statement' in entry) {
      this.#addInline(scope, role, policyName, entry, at);
      return;
    }
    if (keys.length === 1) {
      const template = keys[0]!;
      const expanded = expandPolicyTemplate(template, scope.resolver.resolve(entry[template]), {
        partition: this.partition,
        region: this.settings.region,
        accountId: this.settings.accountId,
      });
      if ('unknown' in expanded) {
        this.#gap(role, `policy ${template} of role ${role.name}`, `${expanded.unknown}; its permissions are unknown (never a grant, never a safeguard)`, at);
        return;
      }
      this.#addGenerated(role, policyName, expanded.statements, at, scope);
      return;
    }
    this.#gap(role, `Policies item ${i} of function ${id}`, 'not a managed policy, a policy document or a policy template', at);
  }

  // ---- locks and event sources ----------------------------------------------------------------

  /** AWS::Lambda::Permission resources, SAM Events and FunctionUrlConfig -> each function's resource policy. */
  #permissions(scope: TemplateScope, functions: [string, Props, SourceLocation, FunctionFacts][]): void {
    const statements = new Map<FunctionFacts, { statement: PolicyStatement; at: SourceLocation }[]>();
    const add = (fn: FunctionFacts, statement: PolicyStatement, at: SourceLocation) => {
      const list = statements.get(fn) ?? [];
      list.push({ statement, at });
      statements.set(fn, list);
    };
    const byReference = functionFinder(functions.map(([, , , fn]) => fn));

    for (const [id, props, at] of this.#resources(scope, ['AWS::Lambda::Permission'])) {
      const target = scope.resolver.resolve(props.FunctionName);
      if (isUnresolved(target)) {
        const what = `invoke permission ${id} of ${scope.file}`;
        this.accountGaps.push({ what, reason: `its FunctionName is unknown (${target.reason}); who it lets invoke which function is not evaluated` });
        this.index.gaps.set(what, at);
        continue;
      }
      const found = typeof target === 'string' ? byReference(target) : undefined;
      if (!found) continue; // a permission on a function outside the template is not this scan's lock
      const statement = this.#permissionStatement(scope, found.fn, id, found.qualifiedArn, {
        principal: props.Principal,
        action: props.Action,
        sourceArn: props.SourceArn,
        sourceAccount: props.SourceAccount,
        principalOrgId: props.PrincipalOrgID,
        urlAuthType: props.FunctionUrlAuthType,
        eventSourceToken: props.EventSourceToken,
      }, at);
      if (statement) add(found.fn, statement, at);
    }

    for (const [id, props, at, fn] of functions) {
      const events = props.Events;
      for (const [eventId, event] of Object.entries(asProps(events))) {
        const e = asProps(event);
        const eventAt = scope.key(events, eventId, at);
        const mapped = samEvent(String(scope.resolver.resolve(e.Type)), asProps(e.Properties), id, eventId);
        if (mapped.kind === 'unknown') {
          this.#gap(fn, `event ${eventId} of function ${fn.name}`, `${mapped.reason}; any invoke permission it creates is unknown`, eventAt);
        } else if (mapped.kind === 'permission') {
          const statement = this.#permissionStatement(scope, fn, `${id}${eventId}Permission`, fn.arn, {
            principal: mapped.principal,
            action: 'lambda:InvokeFunction',
            sourceArn: mapped.sourceArn,
            sourceAccount: mapped.sourceAccount,
          }, eventAt);
          if (statement) add(fn, statement, eventAt);
        } else if (mapped.kind === 'mapping') {
          const source = scope.resolver.resolve(mapped.eventSourceArn);
          fn.eventSourceMappings.push({ uuid: `${id}${eventId}`, ...(typeof source === 'string' ? { eventSourceArn: source } : {}), state: 'Enabled' });
          if (typeof source !== 'string') this.#gap(fn, `event source of ${eventId} (function ${fn.name})`, isUnresolved(source) ? source.reason : 'not an ARN', eventAt);
        }
      }
      const url = asProps(props.FunctionUrlConfig);
      if (scope.resolver.resolve(url.AuthType) === 'NONE') {
        const urlAt = scope.key(props, 'FunctionUrlConfig', at);
        // The two statements a public URL needs since October 2025: InvokeFunctionUrl, and InvokeFunction via the URL.
        const target = urlTarget(scope, props, fn);
        const statement = this.#permissionStatement(scope, fn, `${id}UrlPublicPermissions`, target, {
          principal: '*',
          action: 'lambda:InvokeFunctionUrl',
          urlAuthType: 'NONE',
        }, urlAt);
        if (statement) add(fn, statement, urlAt);
        add(fn, { Sid: `${id}UrlInvokeFunction`, Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: target, Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } }, urlAt);
      }
    }

    for (const [fn, list] of statements) {
      fn.resourcePolicy = { Version: '2012-10-17', Id: 'default', Statement: list.map((s) => s.statement) };
      this.index.resourcePolicies.set(fn.arn, list.map((s) => s.at));
    }
  }

  /** The statement Lambda writes for one AddPermission. */
  #permissionStatement(
    scope: TemplateScope,
    fn: FunctionFacts,
    sid: string,
    resource: string,
    raw: { principal: unknown; action: unknown; sourceArn?: unknown; sourceAccount?: unknown; principalOrgId?: unknown; urlAuthType?: unknown; eventSourceToken?: unknown },
    at: SourceLocation,
  ): PolicyStatement | undefined {
    const r = (value: unknown) => scope.resolver.resolve(value);
    const principal = r(raw.principal);
    const action = r(raw.action);
    if (typeof principal !== 'string' || typeof action !== 'string') {
      const gap = findUnresolved([principal, action]);
      this.#gap(fn, `invoke permission ${sid} of function ${fn.name}`, `${gap?.reason ?? 'no Principal or Action'}; who it admits is unknown`, at);
      return undefined;
    }
    const condition: Record<string, Record<string, string>> = {};
    const set = (operator: string, key: string, value: unknown) => {
      if (value === undefined) return;
      const resolved = r(value);
      if (typeof resolved !== 'string') {
        this.#gap(fn, `${key} of invoke permission ${sid} (function ${fn.name})`, `${findUnresolved(resolved)?.reason ?? 'not a string'}; the condition is unknown`, at);
      }
      condition[operator] = { ...(condition[operator] ?? {}), [key]: typeof resolved === 'string' ? resolved : UNRESOLVED_PLACEHOLDER };
    };
    set('ArnLike', 'AWS:SourceArn', raw.sourceArn);
    set('StringEquals', 'AWS:SourceAccount', raw.sourceAccount);
    set('StringEquals', 'aws:PrincipalOrgID', raw.principalOrgId);
    set('StringEquals', 'lambda:FunctionUrlAuthType', raw.urlAuthType);
    set('StringEquals', 'lambda:EventSourceToken', raw.eventSourceToken);
    return {
      Sid: sid,
      Effect: 'Allow',
      Principal: principalOf(principal, this.partition),
      Action: action,
      Resource: resource,
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
  }

  #urls(scope: TemplateScope, functions: [string, Props, SourceLocation, FunctionFacts][]): void {
    const addUrl = (fn: FunctionFacts, authType: unknown, functionArn: string, at: SourceLocation, id: string) => {
      if (authType === 'NONE' || authType === 'AWS_IAM') {
        fn.functionUrls.push({ url: `https://${id.toLowerCase()}.lambda-url.${this.settings.region}.on.aws/`, authType, functionArn });
        this.index.functionUrls.set(fn.arn, at);
      } else this.#gap(fn, `function URL ${id} of function ${fn.name}`, `AuthType ${findUnresolved(authType)?.reason ?? JSON.stringify(authType)} is unknown`, at);
    };
    for (const [id, props, at, fn] of functions) {
      if (props.FunctionUrlConfig === undefined) continue;
      addUrl(fn, scope.resolver.resolve(asProps(props.FunctionUrlConfig).AuthType), urlTarget(scope, props, fn), scope.key(props, 'FunctionUrlConfig', at), `${id}Url`);
    }
    const byReference = functionFinder(functions.map(([, , , fn]) => fn));
    for (const [id, props, at] of this.#resources(scope, ['AWS::Lambda::Url'])) {
      const target = scope.resolver.resolve(props.TargetFunctionArn);
      const found = typeof target === 'string' ? byReference(target) : undefined;
      if (!found) continue;
      const qualifier = scope.resolver.resolve(props.Qualifier);
      const arn = typeof qualifier === 'string' ? `${found.fn.arn}:${qualifier}` : found.qualifiedArn;
      addUrl(found.fn, scope.resolver.resolve(props.AuthType), arn, at, id);
    }
  }

  #eventSourceMappings(scope: TemplateScope, functions: [string, Props, SourceLocation, FunctionFacts][]): void {
    const byReference = functionFinder(functions.map(([, , , fn]) => fn));
    for (const [id, props] of this.#resources(scope, ['AWS::Lambda::EventSourceMapping'])) {
      const target = scope.resolver.resolve(props.FunctionName);
      const found = typeof target === 'string' ? byReference(target) : undefined;
      if (!found) continue;
      const source = scope.resolver.resolve(props.EventSourceArn);
      const onFailure = scope.resolver.resolve(asProps(asProps(props.DestinationConfig).OnFailure).Destination);
      found.fn.eventSourceMappings.push({
        uuid: id,
        ...(typeof source === 'string' ? { eventSourceArn: source } : {}),
        state: scope.resolver.resolve(props.Enabled) === false ? 'Disabled' : 'Enabled',
        ...(typeof onFailure === 'string' ? { onFailureDestinationArn: onFailure } : {}),
      });
    }
  }
}

/** How Lambda writes AddPermission's Principal: `*`, an account id as its root, a service (has a dot), else an AWS principal. */
function principalOf(principal: string, partition: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${partition}:iam::${principal}:root` };
  if (!principal.startsWith('arn:') && principal.includes('.')) return { Service: principal };
  return { AWS: principal };
}

/** A function URL on an alias when SAM publishes one (`AutoPublishAlias`), else on the function. */
function urlTarget(scope: TemplateScope, props: Props, fn: FunctionFacts): string {
  const alias = scope.resolver.resolve(props.AutoPublishAlias);
  return typeof alias === 'string' ? `${fn.arn}:${alias}` : fn.arn;
}

/** Finds a template function by name, ARN, or either with a qualifier (`name:live`). */
function functionFinder(functions: FunctionFacts[]): (reference: string) => { fn: FunctionFacts; qualifiedArn: string } | undefined {
  const byName = new Map(functions.map((fn) => [fn.name, fn]));
  return (reference) => {
    const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::([^:]+))?$/.exec(reference) ?? /^([^:]+)(?::([^:]+))?$/.exec(reference);
    const fn = match ? byName.get(match[1]!) : undefined;
    if (!fn) return undefined;
    return { fn, qualifiedArn: match?.[2] ? `${fn.arn}:${match[2]}` : fn.arn };
  };
}

function statementsOf(document: PolicyDocument): unknown[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/** `{ Ref: x }` or `{ "Fn::...": ... }`. */
function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : UNRESOLVED_PLACEHOLDER;
}
