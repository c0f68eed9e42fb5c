import { parsePolicyDocument } from '../policy/index.ts';
import type { PolicyDocument } from '../policy/index.ts';
import type { AccountIdentity } from '../account/AccountReader.ts';
import type {
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  ResourcePolicyRecord,
} from '../account/records.ts';
import { defectsOf } from '../account/shape/RecordDefect.ts';
import { parseLambdaArn } from './parseLambdaArn.ts';
import type { EventSourceMappingFacts, FunctionFacts, FunctionUrlFacts, IncompleteFact } from './types.ts';

/** What else is known about one function besides its configuration. */
export interface FunctionRecordsOf {
  resourcePolicy?: ResourcePolicyRecord;
  urlConfigs: FunctionUrlConfigRecord[];
  eventSourceMappings: EventSourceMappingRecord[];
}

/**
 * One function's facts. Environment variables contribute their names only; the values are never
 * looked at.
 */
export function toFunctionFacts(
  fn: FunctionConfigurationRecord,
  related: FunctionRecordsOf,
  identity: AccountIdentity,
): FunctionFacts {
  // Fields of the wrong type (in the configuration or a mapping) were left out where they were read.
  const defects = defectsOf(fn);
  const incomplete: IncompleteFact[] = [fn, ...related.eventSourceMappings].flatMap((record) =>
    defectsOf(record).map((defect) => ({
      what: `${defect.field} of ${record === fn ? '' : `event source mapping ${(record as EventSourceMappingRecord).UUID || '(no UUID)'} of `}function ${fn.FunctionName} (${defect.source})`,
      reason: `${defect.problem}; the field was left out`,
    })),
  );
  const arn = parseLambdaArn(fn.FunctionArn);
  if (arn === undefined && !defects.some((defect) => defect.field === 'FunctionArn')) {
    incomplete.push({
      what: `ARN of function ${fn.FunctionName}`,
      reason: `"${fn.FunctionArn}" is not a Lambda function ARN; the account's identity is assumed`,
    });
  }

  let resourcePolicy: PolicyDocument | undefined;
  if (related.resourcePolicy !== undefined) {
    const what = `resource policy of function ${fn.FunctionName}`;
    try {
      resourcePolicy = parsePolicyDocument(related.resourcePolicy.Policy, what);
    } catch (error) {
      incomplete.push({ what, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  const functionUrls: FunctionUrlFacts[] = [];
  for (const url of related.urlConfigs) {
    if (url.AuthType === 'NONE' || url.AuthType === 'AWS_IAM') {
      functionUrls.push({ url: url.FunctionUrl, authType: url.AuthType, functionArn: url.FunctionArn });
    } else {
      incomplete.push({
        what: `function URL ${url.FunctionUrl} of function ${fn.FunctionName}`,
        reason: `unknown AuthType "${url.AuthType}"`,
      });
    }
  }

  const subnetIds = fn.VpcConfig?.SubnetIds ?? [];
  const kmsKeyArn = fn.KMSKeyArn;
  return {
    arn: fn.FunctionArn,
    name: fn.FunctionName,
    accountId: arn?.accountId ?? identity.accountId,
    region: arn?.region ?? identity.region,
    partition: arn?.partition ?? identity.partition,
    roleArn: fn.Role,
    ...(fn.Runtime !== undefined ? { runtime: fn.Runtime } : {}),
    ...(fn.PackageType !== undefined ? { packageType: fn.PackageType } : {}),
    logGroupName: fn.LoggingConfig?.LogGroup || `/aws/lambda/${fn.FunctionName}`,
    ...(fn.TracingConfig?.Mode !== undefined ? { tracingMode: fn.TracingConfig.Mode } : {}),
    // list-functions prints an empty VpcConfig for functions outside a VPC.
    ...(subnetIds.length > 0
      ? {
          vpc: {
            subnetIds: [...subnetIds],
            securityGroupIds: [...(fn.VpcConfig?.SecurityGroupIds ?? [])],
            ...(fn.VpcConfig?.VpcId ? { vpcId: fn.VpcConfig.VpcId } : {}),
          },
        }
      : {}),
    ...(fn.DeadLetterConfig?.TargetArn ? { deadLetterTargetArn: fn.DeadLetterConfig.TargetArn } : {}),
    // Lambda reports KMSKeyArn only for a customer managed key; an alias of an AWS key is not one.
    ...(kmsKeyArn && !/:alias\/aws\//.test(kmsKeyArn) ? { kmsKeyArn } : {}),
    environmentVariableNames: Object.keys(fn.Environment?.Variables ?? {}),
    fileSystems: (fn.FileSystemConfigs ?? []).map((fs) => ({ arn: fs.Arn, localMountPath: fs.LocalMountPath })),
    layerArns: (fn.Layers ?? []).map((layer) => layer.Arn),
    eventSourceMappings: related.eventSourceMappings.map(toEventSourceMappingFacts),
    ...(resourcePolicy ? { resourcePolicy } : {}),
    functionUrls,
    incomplete,
  };
}

function toEventSourceMappingFacts(mapping: EventSourceMappingRecord): EventSourceMappingFacts {
  const onFailure = mapping.DestinationConfig?.OnFailure?.Destination;
  return {
    uuid: mapping.UUID,
    ...(mapping.EventSourceArn ? { eventSourceArn: mapping.EventSourceArn } : {}),
    ...(mapping.State ? { state: mapping.State } : {}),
    ...(onFailure ? { onFailureDestinationArn: onFailure } : {}),
  };
}
