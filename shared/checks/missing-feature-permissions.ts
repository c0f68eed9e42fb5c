import type { EvaluationResult, PolicySource } from '../policy/index.ts';
import { isGuaranteedAllowed } from '../policy/index.ts';
import type { CheckMetadata, Evidence, FunctionCheck } from './types.ts';
import { blockerCommands, type Blocked } from './role/blockerCommands.ts';
import { evaluateRole, evaluateRoleOnce } from './role/evaluateRole.ts';
import { explainNotGuaranteed, type NotGuaranteedExplanation } from './role/explainNotGuaranteed.ts';
import { featureRequirements } from './role/featureRequirements.ts';
import { regionContext } from './role/regionContext.ts';
import { fillPlaceholders, shellQuoteJson } from './role/fillPlaceholders.ts';
import { functionFinding } from './role/roleFinding.ts';

const metadata: CheckMetadata = {
  id: 'missing-feature-permissions',
  severity: 'medium',
  door: 'role',
  title: 'Execution role cannot serve a configured feature',
  rationale:
    'Some function settings only work if the execution role allows what Lambda does on the function\'s behalf: ' +
    'active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords), VPC access (ec2:CreateNetworkInterface, ' +
    'ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface), a dead-letter target (sqs:SendMessage or ' +
    'sns:Publish on it), event source mappings (SQS: sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes; ' +
    'Kinesis: kinesis:GetRecords, GetShardIterator, DescribeStream, ListShards, and SubscribeToShard for a fan-out ' +
    'consumer; DynamoDB streams: dynamodb:GetRecords, GetShardIterator, DescribeStream, ListStreams; Amazon MSK: ' +
    'kafka:DescribeClusterV2 or DescribeCluster, kafka:GetBootstrapBrokers and the EC2 network interface and VPC ' +
    'describe actions) and their on-failure destinations, a customer managed KMS key for environment variables ' +
    '(kms:Decrypt on it) and EFS mounts (elasticfilesystem:ClientMount and ClientWrite, evaluated on the access ' +
    'point ARN). Each is evaluated on the configured resource; an Allow that holds only under a condition is ' +
    'reported as not guaranteed, with its condition keys. Where a resource-based policy (queue, topic, stream, key ' +
    'or file system policy) could grant the access instead, the evidence says so: Keycard does not read those. A ' +
    'missing permission makes the feature fail quietly: no traces, failed deployments, stuck event sources, lost ' +
    'failed events or undecryptable environment variables.',
  remediation: {
    text:
      'Grant exactly the missing actions on the configured resources (the command below adds an inline policy ' +
      'listing them), or attach the AWS managed policy for the feature (AWSXRayDaemonWriteAccess, ' +
      'AWSLambdaVPCAccessExecutionRole, AWSLambdaSQSQueueExecutionRole, ...). A Deny or a permissions boundary that ' +
      'blocks them must be changed first.',
    cli: 'aws iam put-role-policy --role-name <RoleName> --policy-name <PolicyName> --policy-document <PolicyJson>',
  },
};

interface Missing {
  action: string;
  resource: string;
  grantResource?: string;
  result: EvaluationResult;
}

/** The most telling failed alternative: a conditional allow explains more than a plain absence. */
function pick(results: Missing[]): Missing {
  return results.find((r) => r.result.decision === 'ConditionallyAllowed') ?? (results[0] as Missing);
}

// An answer about `*` is remembered per role and shared by every function of it: explain it once.
const explanations = new WeakMap<EvaluationResult, NotGuaranteedExplanation>();
function explained(m: Missing, boundary: PolicySource | undefined): NotGuaranteedExplanation {
  if (m.resource !== '*') return explainNotGuaranteed(m.result, `${m.action} on ${m.resource}`, boundary);
  let why = explanations.get(m.result);
  if (why === undefined) explanations.set(m.result, (why = explainNotGuaranteed(m.result, `${m.action} on ${m.resource}`, boundary)));
  return why;
}

/** One finding per function listing each configured feature its role cannot be shown to serve. */
export const missingFeaturePermissionsCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate(fn, role) {
    if (!role) return [];
    const lines: string[] = [];
    const evidence: Evidence[] = [];
    // Made on the first missing permission: most functions' roles serve all their features.
    let grants: Map<string, Set<string>> | undefined;
    const blocked: Blocked[] = [];
    // Lambda acts in the function's region, so aws:RequestedRegion is known; nothing else is.
    const context = regionContext(fn.region);
    for (const req of featureRequirements(fn)) {
      const missing: Missing[] = [];
      for (const need of req.needs) {
        const tried: Missing[] = [];
        for (const alt of need.anyOf) {
          const request = { action: alt.action, resource: alt.resource, context };
          // Every function of the role asks about `*` (X-Ray, network interfaces): remember those answers.
          // A queue, stream, key or file system is the function's own: asked once, not kept.
          const result = alt.resource === '*' ? evaluateRole(role, request) : evaluateRoleOnce(role, request);
          // One alternative guaranteed is enough: the others need not be asked.
          if (isGuaranteedAllowed(result)) {
            tried.length = 0;
            break;
          }
          tried.push({ action: alt.action, resource: alt.resource, grantResource: alt.grantResource, result });
        }
        if (tried.length === 0) continue;
        missing.push(pick(tried));
      }
      if (missing.length === 0) continue;
      const parts = missing.map((m) => {
        const why = explained(m, role.permissionsBoundary);
        const caveat = req.resourcePolicyMayGrant
          ? ' A resource-based policy on the target naming this role could still grant it; Keycard does not read it.'
          : '';
        const extra = req.note ? ` ${req.note}` : '';
        for (const e of why.evidence) evidence.push({ ...e, note: `${req.feature}: ${e.note}${caveat}${extra}` });
        blocked.push({ result: m.result, needed: { action: m.action, resource: m.grantResource ?? m.resource } });
        grants ??= new Map();
        const resources = grants.get(m.action) ?? new Set<string>();
        resources.add(m.grantResource ?? m.resource);
        grants.set(m.action, resources);
        return `${m.action} (${why.reason})`;
      });
      lines.push(`${req.feature}: ${parts.join(', ')}${req.managedPolicyArn ? ` [AWS managed policy covering it: ${req.managedPolicyArn}]` : ''}`);
    }
    if (lines.length === 0) return [];
    // IAM policy names take no `:`, so an alias or version is named after its function.
    const policyName = `keycard-${fn.qualified?.functionName ?? fn.name}-features`.slice(0, 128);
    const document = {
      Version: '2012-10-17',
      Statement: [...(grants ?? [])].map(([action, resources]) => ({
        Effect: 'Allow',
        Action: action,
        Resource: resources.size === 1 ? [...resources][0] : [...resources],
      })),
    };
    const put = fillPlaceholders(metadata.remediation.cli, {
      RoleName: role.name,
      PolicyName: policyName,
      PolicyJson: shellQuoteJson(document),
    });
    return [
      functionFinding(metadata, fn, {
        detail: `${fn.name}'s role ${role.name} cannot be shown to serve ${lines.length} configured feature${lines.length === 1 ? '' : 's'}: ${lines.join('; ')}.`,
        evidence,
        cli: [...blockerCommands(role, blocked), put].join('\n'),
      }),
    ];
  },
};
