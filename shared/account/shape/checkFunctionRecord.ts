import type { FunctionConfigurationRecord } from '../records.ts';
import { withDefects } from './RecordDefect.ts';
import { ShapeChecker, withFields } from './ShapeChecker.ts';

/**
 * A function configuration as read from outside (list-functions, GetFunctionConfiguration), its name
 * already known to be a string: every field Keycard reads is checked once here. A field of the wrong
 * type is left out (FunctionArn and Role become '') and recorded as a defect (an
 * `evaluation-incomplete` on the function); the rest of the function is still audited.
 */
export function checkFunctionRecord(fn: Record<string, unknown> & { FunctionName: string }, source: string): FunctionConfigurationRecord {
  const check = new ShapeChecker(source);
  const sub = (key: string, fields: (object: Record<string, unknown>) => Record<string, unknown>) => {
    const object = check.object(fn[key], key);
    return object === undefined ? undefined : withFields(object, fields(object));
  };
  const checked = withFields(fn, {
    FunctionArn: check.string(fn.FunctionArn ?? null, 'FunctionArn') ?? '',
    Role: check.string(fn.Role ?? null, 'Role') ?? '',
    Runtime: check.string(fn.Runtime, 'Runtime'),
    PackageType: check.string(fn.PackageType, 'PackageType'),
    KMSKeyArn: check.string(fn.KMSKeyArn, 'KMSKeyArn'),
    Environment: sub('Environment', (env) => ({ Variables: check.object(env.Variables, 'Environment.Variables') })),
    TracingConfig: sub('TracingConfig', (tracing) => ({ Mode: check.string(tracing.Mode, 'TracingConfig.Mode') })),
    VpcConfig: sub('VpcConfig', (vpc) => ({
      SubnetIds: check.strings(vpc.SubnetIds, 'VpcConfig.SubnetIds'),
      SecurityGroupIds: check.strings(vpc.SecurityGroupIds, 'VpcConfig.SecurityGroupIds'),
      VpcId: check.string(vpc.VpcId, 'VpcConfig.VpcId'),
    })),
    DeadLetterConfig: sub('DeadLetterConfig', (dlq) => ({ TargetArn: check.string(dlq.TargetArn, 'DeadLetterConfig.TargetArn') })),
    FileSystemConfigs: check.objects(fn.FileSystemConfigs, 'FileSystemConfigs', (fs, at) => {
      const Arn = check.string(fs.Arn ?? null, `${at}.Arn`);
      const LocalMountPath = check.string(fs.LocalMountPath ?? null, `${at}.LocalMountPath`);
      return Arn === undefined || LocalMountPath === undefined ? undefined : { ...fs, Arn, LocalMountPath };
    }),
    Layers: check.objects(fn.Layers, 'Layers', (layer, at) => {
      const Arn = check.string(layer.Arn ?? null, `${at}.Arn`);
      return Arn === undefined ? undefined : { ...layer, Arn };
    }),
    LoggingConfig: sub('LoggingConfig', (logging) => ({
      LogGroup: check.string(logging.LogGroup, 'LoggingConfig.LogGroup'),
      LogFormat: check.string(logging.LogFormat, 'LoggingConfig.LogFormat'),
    })),
  });
  return withDefects(checked as FunctionConfigurationRecord, check.defects);
}
