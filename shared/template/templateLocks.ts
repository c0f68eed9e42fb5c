import type { SourceLocation } from '../checks/types.ts';
import type { FunctionFacts } from '../facts/types.ts';
import type { PolicyStatement } from '../policy/index.ts';
import type { FactsCollector } from './FactsCollector.ts';
import { UNRESOLVED_PLACEHOLDER } from './resolvePolicyDocument.ts';
import { samEvent } from './samEventSources.ts';
import type { TemplateScope } from './TemplateScope.ts';
import { findUnresolved, isUnresolved } from './Unresolved.ts';
import { asProps, type Props } from './values.ts';

/** A function of the template being read: logical id, properties (Globals merged), where, facts. */
export type TemplateFunction = [string, Props, SourceLocation, FunctionFacts];

/**
 * The lock side of the template's functions: the resource policy their AWS::Lambda::Permission
 * resources, SAM Events and public URLs produce (statements as Lambda writes them), their URLs
 * (FunctionUrlConfig, AWS::Lambda::Url) and event source mappings (Events, AWS::Lambda::EventSourceMapping).
 */
export function collectLocks(collector: FactsCollector, scope: TemplateScope, functions: TemplateFunction[]): void {
  permissions(collector, scope, functions);
  urls(collector, scope, functions);
  eventSourceMappings(collector, scope, functions);
}

/** AWS::Lambda::Permission resources, SAM Events and FunctionUrlConfig -> each function's resource policy. */
function permissions(collector: FactsCollector, scope: TemplateScope, functions: TemplateFunction[]): void {
  const statements = new Map<FunctionFacts, { statement: PolicyStatement; at: SourceLocation }[]>();
  const add = (fn: FunctionFacts, statement: PolicyStatement, at: SourceLocation) => {
    const list = statements.get(fn) ?? [];
    list.push({ statement, at });
    statements.set(fn, list);
  };
  const byReference = functionFinder(functions.map(([, , , fn]) => fn));

  for (const [id, props, at] of collector.resources(scope, ['AWS::Lambda::Permission'])) {
    const target = scope.resolver.resolve(props.FunctionName);
    if (isUnresolved(target)) {
      const what = `invoke permission ${id} of ${scope.file}`;
      collector.accountGaps.push({ what, reason: `its FunctionName is unknown (${target.reason}); who it lets invoke which function is not evaluated` });
      collector.index.gaps.set(what, at);
      continue;
    }
    const found = typeof target === 'string' ? byReference(target) : undefined;
    if (!found) continue; // a permission on a function outside the template is not this scan's lock
    const statement = permissionStatement(collector, scope, found.fn, id, found.qualifiedArn, {
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
        collector.gap(fn, `event ${eventId} of function ${fn.name}`, `${mapped.reason}; any invoke permission it creates is unknown`, eventAt);
      } else if (mapped.kind === 'permission') {
        const statement = permissionStatement(collector, scope, fn, `${id}${eventId}Permission`, fn.arn, {
          principal: mapped.principal,
          action: 'lambda:InvokeFunction',
          sourceArn: mapped.sourceArn,
          sourceAccount: mapped.sourceAccount,
        }, eventAt);
        if (statement) add(fn, statement, eventAt);
      } else if (mapped.kind === 'mapping') {
        const source = scope.resolver.resolve(mapped.eventSourceArn);
        fn.eventSourceMappings.push({ uuid: `${id}${eventId}`, ...(typeof source === 'string' ? { eventSourceArn: source } : {}), state: 'Enabled' });
        if (typeof source !== 'string') collector.gap(fn, `event source of ${eventId} (function ${fn.name})`, isUnresolved(source) ? source.reason : 'not an ARN', eventAt);
      }
    }
    const url = asProps(props.FunctionUrlConfig);
    if (scope.resolver.resolve(url.AuthType) === 'NONE') {
      const urlAt = scope.key(props, 'FunctionUrlConfig', at);
      // The two statements a public URL needs since October 2025: InvokeFunctionUrl, and InvokeFunction via the URL.
      const target = urlTarget(scope, props, fn);
      const statement = permissionStatement(collector, scope, fn, `${id}UrlPublicPermissions`, target, {
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
    collector.index.resourcePolicies.set(fn.arn, list.map((s) => s.at));
  }
}

/** The statement Lambda writes for one AddPermission. */
function permissionStatement(
  collector: FactsCollector,
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
    collector.gap(fn, `invoke permission ${sid} of function ${fn.name}`, `${gap?.reason ?? 'no Principal or Action'}; who it admits is unknown`, at);
    return undefined;
  }
  const condition: Record<string, Record<string, string>> = {};
  const set = (operator: string, key: string, value: unknown) => {
    if (value === undefined) return;
    const resolved = r(value);
    if (typeof resolved !== 'string') {
      collector.gap(fn, `${key} of invoke permission ${sid} (function ${fn.name})`, `${findUnresolved(resolved)?.reason ?? 'not a string'}; the condition is unknown`, at);
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
    Principal: principalOf(principal, collector.partition),
    Action: action,
    Resource: resource,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

function urls(collector: FactsCollector, scope: TemplateScope, functions: TemplateFunction[]): void {
  const addUrl = (fn: FunctionFacts, authType: unknown, functionArn: string, at: SourceLocation, id: string) => {
    if (authType === 'NONE' || authType === 'AWS_IAM') {
      fn.functionUrls.push({ url: `https://${id.toLowerCase()}.lambda-url.${collector.settings.region}.on.aws/`, authType, functionArn });
      collector.index.functionUrls.set(fn.arn, at);
    } else collector.gap(fn, `function URL ${id} of function ${fn.name}`, `AuthType ${findUnresolved(authType)?.reason ?? JSON.stringify(authType)} is unknown`, at);
  };
  for (const [id, props, at, fn] of functions) {
    if (props.FunctionUrlConfig === undefined) continue;
    addUrl(fn, scope.resolver.resolve(asProps(props.FunctionUrlConfig).AuthType), urlTarget(scope, props, fn), scope.key(props, 'FunctionUrlConfig', at), `${id}Url`);
  }
  const byReference = functionFinder(functions.map(([, , , fn]) => fn));
  for (const [id, props, at] of collector.resources(scope, ['AWS::Lambda::Url'])) {
    const target = scope.resolver.resolve(props.TargetFunctionArn);
    const found = typeof target === 'string' ? byReference(target) : undefined;
    if (!found) continue;
    const qualifier = scope.resolver.resolve(props.Qualifier);
    const arn = typeof qualifier === 'string' ? `${found.fn.arn}:${qualifier}` : found.qualifiedArn;
    addUrl(found.fn, scope.resolver.resolve(props.AuthType), arn, at, id);
  }
}

function eventSourceMappings(collector: FactsCollector, scope: TemplateScope, functions: TemplateFunction[]): void {
  const byReference = functionFinder(functions.map(([, , , fn]) => fn));
  for (const [id, props] of collector.resources(scope, ['AWS::Lambda::EventSourceMapping'])) {
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
