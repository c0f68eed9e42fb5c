import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { FunctionConfigurationRecord } from '../records.ts';
import { checkFunctionRecord } from '../shape/checkFunctionRecord.ts';
import { withoutEnvironmentValues } from '../snapshot/withoutEnvironmentValues.ts';

/**
 * An SDK function configuration in the record shape, environment variable values replaced at the
 * door (names kept; the snapshot reader's placeholder) so they never reach findings, logs or snapshots.
 */
export function toFunctionRecord(fn: FunctionConfiguration): FunctionConfigurationRecord {
  const { FunctionName, FunctionArn } = fn;
  if (FunctionName === undefined || FunctionArn === undefined) {
    throw new TypeError(`Lambda returned a function without FunctionName or FunctionArn (${FunctionName ?? FunctionArn ?? 'unnamed'})`);
  }
  const record = checkFunctionRecord({ ...fn, FunctionName, FunctionArn, Role: fn.Role ?? '' }, 'the Lambda API');
  return withoutEnvironmentValues(record);
}
