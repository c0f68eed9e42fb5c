import type { SourceLocation } from '../checks/types.ts';
import type { AccountFacts, FunctionFacts, IncompleteFact, RoleFacts } from '../facts/types.ts';
import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument, PolicySource } from '../policy/index.ts';
import { FactsCollector } from './FactsCollector.ts';
import { IntrinsicResolver } from './IntrinsicResolver.ts';
import type { LocationIndex } from './LocationIndex.ts';
import type { ManagedPolicyLookup } from './ManagedPolicyLookup.ts';
import type { ParsedTemplate } from './parseTemplate.ts';
import { resolvePolicyDocument, UNRESOLVED_PLACEHOLDER } from './resolvePolicyDocument.ts';
import { expandPolicyTemplate } from './samPolicyTemplates.ts';
import { samEvent } from './samEventSources.ts';
import { mergeGlobals } from './mergeGlobals.ts';
import type { ScanSettings } from './ScanSettings.ts';
import { collectLocks, type TemplateFunction } from './templateLocks.ts';
import { TemplateScope } from './TemplateScope.ts';
import { isUnresolved, findUnresolved } from './Unresolved.ts';
import { asList, asProps, isIntrinsic, type Props } from './values.ts';

export interface TemplateFacts {
  facts: AccountFacts;
  locations: LocationIndex;
  /** AWS managed policies read from the offline catalogue: ARN -> version id. */
  managedPoliciesUsed: Map<string, string>;
}

const LAMBDA_TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] };


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

class TemplateFactsBuilder extends FactsCollector {
  readonly managedPoliciesUsed = new Map<string, string>();
  readonly #awsManaged = new Map<string, PolicySource | undefined>();
  /** Policies referenced only by ARN, reported once (on the first role that attaches them). */
  readonly #notVisible = new Map<string, IncompleteFact>();

  constructor(
    settings: ScanSettings,
    readonly lookup: ManagedPolicyLookup,
  ) {
    super(settings);
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

  #readTemplate(scope: TemplateScope): void {
    this.#notScanned(scope);
    const customer = this.#customerPolicies(scope);
    const templateRoles = new Map<string, RoleFacts>();
    for (const [id, props, at, condition] of this.resources(scope, ['AWS::IAM::Role'])) {
      const role = this.#iamRole(scope, id, props, at, customer);
      if (condition) this.gap(role, `role ${role.name} (${id})`, `exists only when ${condition.reason}; evaluated as if it exists`, at);
      templateRoles.set(role.name, role);
    }
    this.#attachPolicyResources(scope, templateRoles, customer);
    const functions: TemplateFunction[] = [];
    for (const [id, raw, at, condition] of this.resources(scope, ['AWS::Serverless::Function', 'AWS::Lambda::Function'])) {
      const sam = scope.template.body.Resources[id]!.Type === 'AWS::Serverless::Function';
      const props = sam ? mergeGlobals(asProps(scope.template.body.Globals?.Function), raw, scope.template.positions) : raw;
      const fn = this.#function(scope, id, props, at, sam, customer);
      if (condition) this.gap(fn, `function ${fn.name} (${id})`, `exists only when ${condition.reason}; evaluated as if it exists`, at);
      functions.push([id, props, at, fn]);
    }
    collectLocks(this, scope, functions);
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
    for (const [id, props, at] of this.resources(scope, ['AWS::IAM::ManagedPolicy'])) {
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
    if (isUnresolved(resolvedArn)) this.gap(role, `name of role ${id}`, `${resolvedArn.reason}; named ${id} here`, scope.key(props, 'RoleName', at));

    this.#setTrust(scope, role, props.AssumeRolePolicyDocument, scope.key(props, 'AssumeRolePolicyDocument', at));
    const policies = props.Policies;
    this.#listItems(scope, role, policies, `Policies of role ${role.name}`, scope.key(props, 'Policies', at)).forEach(([item, itemAt], i) => {
      if (isIntrinsic(item)) {
        const reason = findUnresolved(scope.resolver.resolve(item))?.reason ?? 'not a policy';
        this.gap(role, `inline policy ${i} of role ${role.name}`, `${reason}; left out (never a grant, never a safeguard)`, itemAt);
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
        this.gap(role, what, `${resolved.reason}; unknown (never a grant, never a safeguard)`, at);
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
      this.gap(role, `trust policy of role ${role.name}`, 'the template gives no AssumeRolePolicyDocument', at);
      return;
    }
    const resolved = resolvePolicyDocument(raw, `trust policy of role ${role.name}`, scope.resolver, scope.template.positions, at);
    for (const gap of resolved.unknown) this.gap(role, gap.what, gap.reason, at);
    if (resolved.document) role.trustPolicy = resolved.document;
    this.index.setPolicy(role.arn, 'trust-policy', { at, statements: resolved.statements });
  }

  #addInline(scope: TemplateScope, role: RoleFacts, name: string, raw: unknown, at: SourceLocation): void {
    const resolved = resolvePolicyDocument(raw, `inline policy ${name} of role ${role.name}`, scope.resolver, scope.template.positions, at);
    for (const gap of resolved.unknown) this.gap(role, gap.what, gap.reason, resolved.statements[0] ?? at);
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
      this.gap(role, `a managed policy of role ${role.name}`, `${reason}; its permissions are unknown (never a grant, never a safeguard)`, at);
      return;
    }
    const source = this.#managedSource(role, value, at, customer, 'attached');
    if (source) role.policies.push(source);
  }

  #setBoundary(scope: TemplateScope, role: RoleFacts, raw: unknown, at: SourceLocation, customer: Map<string, CustomerPolicy>): void {
    const value = scope.resolver.resolve(raw);
    if (typeof value !== 'string') {
      const reason = isUnresolved(value) ? value.reason : 'not a string';
      this.gap(role, `permissions boundary of role ${role.name}`, `${reason}; unknown (never a safeguard)`, at);
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
      for (const gap of own.gaps) this.gap(role, gap.what, gap.reason, own.at);
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
    for (const [id, props, at] of this.resources(scope, ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'])) {
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
    if (isUnresolved(resolvedName)) this.gap(fn, `name of function ${id}`, `${resolvedName.reason}; named ${id} here`, scope.key(props, 'FunctionName', at));
    for (const [key, v] of [['VpcConfig', vpc], ['DeadLetterQueue', dlq], ['KmsKeyArn', kms], ['Tracing', tracing]] as const) {
      const gap = findUnresolved(v);
      if (gap) this.gap(fn, `${key} of function ${name}`, `${gap.reason}; checks that need it see a placeholder`, scope.key(props, key, at));
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
        this.gap(fn, `execution role of function ${name}`, `${isUnresolved(role) ? role.reason : 'no Role'}; role checks cannot run`, roleAt);
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
        this.gap(role, `policy ${i} of role ${role.name}`, `${resolved.reason}; its permissions are unknown (never a grant, never a safeguard)`, at);
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
        this.gap(role, `policy ${template} of role ${role.name}`, `${expanded.unknown}; its permissions are unknown (never a grant, never a safeguard)`, at);
        return;
      }
      this.#addGenerated(role, policyName, expanded.statements, at, scope);
      return;
    }
    this.gap(role, `Policies item ${i} of function ${id}`, 'not a managed policy, a policy document or a policy template', at);
  }

}

function statementsOf(document: PolicyDocument): unknown[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : UNRESOLVED_PLACEHOLDER;
}
