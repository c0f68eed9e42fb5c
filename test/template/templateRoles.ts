import type { FunctionFacts, RoleFacts } from '../../shared/facts/types.ts';
import type { PolicyDocument, PolicySource } from '../../shared/policy/types.ts';
import { loadTemplate, TEMPLATE_PATH, type CloudFormationTemplate } from './loadTemplate.ts';
import { IntrinsicResolver, SAMPLE_PSEUDO_PARAMETERS } from './resolveIntrinsics.ts';
import { samFunctionProperties } from './samFunctionProperties.ts';

/** One IAM role of a template, as Keycard's checks see a deployed role. */
export interface TemplateRole {
  logicalId: string;
  facts: RoleFacts;
  /** The template's functions that run with this role (empty for e.g. an EventBridge role). */
  functions: FunctionFacts[];
}

/**
 * Turns every `AWS::IAM::Role` of a template into RoleFacts: trust policy, inline `Policies`, and the
 * `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy` resources attached to it, with intrinsics resolved
 * against `parameters` (template defaults otherwise) in account 111122223333 / us-east-1 / stack
 * `keycard` (or the given pseudo parameters). Conditional policies appear only when their condition holds for those parameters.
 * Also builds FunctionFacts for the SAM functions using each role (log group, env names, the
 * resource policy that the template's AWS::Lambda::Permission resources produce).
 * SAM-generated roles (functions without `Role`) are not supported: the template does not use them.
 */
export function templateRoles(
  parameters: Record<string, string> = {},
  templatePath = TEMPLATE_PATH,
  pseudo: Readonly<Record<string, string>> = SAMPLE_PSEUDO_PARAMETERS,
): TemplateRole[] {
  const template = loadTemplate(templatePath);
  const resolver = new IntrinsicResolver(template, parameters, pseudo);
  const account = resolver.pseudo['AWS::AccountId']!;
  const functions = templateFunctions(template, resolver);

  return Object.entries(template.Resources)
    .filter(([id, resource]) => resource.Type === 'AWS::IAM::Role' && resolver.exists(id))
    .map(([logicalId, resource]) => {
      const props = resolver.resolve(resource.Properties ?? {}) as Record<string, unknown>;
      if (props.ManagedPolicyArns !== undefined || props.PermissionsBoundary !== undefined) {
        throw new Error(`${logicalId}: ManagedPolicyArns/PermissionsBoundary are not supported by templateRoles yet`);
      }
      const arn = String(resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }));
      const inline = ((props.Policies ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[]).map(
        (policy): PolicySource => ({ name: policy.PolicyName, kind: 'inline', document: policy.PolicyDocument }),
      );
      const facts: RoleFacts = {
        arn,
        name: resolver.physicalName(logicalId),
        path: String(props.Path ?? '/'),
        accountId: account,
        trustPolicy: props.AssumeRolePolicyDocument as PolicyDocument,
        policies: [...inline, ...attachedPolicies(template, resolver, logicalId)],
        tags: Object.fromEntries(((props.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value])),
        incomplete: [],
      };
      return { logicalId, facts, functions: functions.filter((fn) => fn.roleArn === arn) };
    });
}

/** AWS::IAM::Policy (inline) and AWS::IAM::ManagedPolicy resources whose `Roles` name this role. */
function attachedPolicies(template: CloudFormationTemplate, resolver: IntrinsicResolver, roleLogicalId: string): PolicySource[] {
  const out: PolicySource[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = (resource.Properties?.Roles ?? []) as unknown[];
    if (!roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }))) continue;
    if (!resolver.exists(id)) continue;
    const props = resolver.resolve(resource.Properties) as { PolicyName?: string; ManagedPolicyName?: string; PolicyDocument: PolicyDocument };
    out.push(
      resource.Type === 'AWS::IAM::Policy'
        ? { name: props.PolicyName ?? id, kind: 'inline', document: props.PolicyDocument }
        : {
            name: props.ManagedPolicyName ?? resolver.physicalName(id),
            arn: `arn:aws:iam::${resolver.pseudo['AWS::AccountId']}:policy/${props.ManagedPolicyName ?? resolver.physicalName(id)}`,
            kind: 'customer-managed',
            document: props.PolicyDocument,
          },
    );
  }
  return out;
}

function templateFunctions(template: CloudFormationTemplate, resolver: IntrinsicResolver): FunctionFacts[] {
  const p = resolver.pseudo;
  return Object.entries(template.Resources)
    .filter(([id, resource]) => resource.Type === 'AWS::Serverless::Function' && resolver.exists(id))
    .map(([logicalId]) => {
      const props = resolver.resolve(samFunctionProperties(template, logicalId)) as Record<string, unknown>;
      if (props.Role === undefined) throw new Error(`${logicalId} uses a SAM-generated role, which templateRoles does not model`);
      const arn = String(resolver.resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] }));
      const name = resolver.physicalName(logicalId);
      const logging = (props.LoggingConfig ?? {}) as { LogGroup?: string };
      const variables = ((props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
      const statements = lambdaPermissionStatements(template, resolver, logicalId, arn);
      return {
        arn,
        name,
        accountId: p['AWS::AccountId']!,
        region: p['AWS::Region']!,
        partition: p['AWS::Partition']!,
        roleArn: String(props.Role),
        runtime: props.Runtime as string,
        packageType: 'Zip',
        logGroupName: logging.LogGroup ?? `/aws/lambda/${name}`,
        tracingMode: props.Tracing as string,
        environmentVariableNames: Object.keys(variables),
        fileSystems: [],
        layerArns: [],
        eventSourceMappings: [],
        ...(statements.length > 0 ? { resourcePolicy: { Version: '2012-10-17', Id: 'default', Statement: statements } } : {}),
        functionUrls: [],
        incomplete: [],
      } satisfies FunctionFacts;
    });
}

/** The statements Lambda writes for AWS::Lambda::Permission resources (its own shape for SourceArn). */
function lambdaPermissionStatements(template: CloudFormationTemplate, resolver: IntrinsicResolver, functionId: string, functionArn: string) {
  return Object.entries(template.Resources)
    .filter(([id, resource]) => resource.Type === 'AWS::Lambda::Permission' && resolver.exists(id))
    .filter(([, resource]) => JSON.stringify(resource.Properties?.FunctionName) === JSON.stringify({ Ref: functionId }))
    .map(([id, resource]) => {
      const props = resolver.resolve(resource.Properties) as { Action: string; Principal: string; SourceArn?: string; SourceAccount?: string };
      const condition: Record<string, Record<string, string>> = {};
      if (props.SourceArn) condition.ArnLike = { 'AWS:SourceArn': props.SourceArn };
      if (props.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': props.SourceAccount };
      return {
        Sid: resolver.physicalName(id),
        Effect: 'Allow' as const,
        Principal: props.Principal.endsWith('.amazonaws.com') ? { Service: props.Principal } : { AWS: props.Principal },
        Action: props.Action,
        Resource: functionArn,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      };
    });
}
