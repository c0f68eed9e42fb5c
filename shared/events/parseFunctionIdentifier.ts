/** A Lambda function id as callers write it, split into its parts. */
export interface FunctionIdentifier {
  functionName: string;
  qualifier?: string;
  accountId?: string;
  region?: string;
  partition?: string;
}

const FULL_ARN = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const NAME = /^([^:]+)(?::([^:]+))?$/;

/**
 * Parses what Lambda accepts as `FunctionName`: `name`, `name:qualifier`,
 * `123456789012:function:name[:qualifier]` or `arn:aws:lambda:region:account:function:name[:qualifier]`.
 * Returns undefined for anything else.
 */
export function parseFunctionIdentifier(value: string): FunctionIdentifier | undefined {
  const full = FULL_ARN.exec(value);
  if (full) {
    const [, partition, region, accountId, functionName, qualifier] = full;
    return withQualifier({ functionName: functionName!, accountId: accountId!, region: region!, partition: partition! }, qualifier);
  }
  const partial = PARTIAL_ARN.exec(value);
  if (partial) {
    const [, accountId, functionName, qualifier] = partial;
    return withQualifier({ functionName: functionName!, accountId: accountId! }, qualifier);
  }
  if (value.startsWith('arn:')) return undefined;
  const plain = NAME.exec(value);
  if (plain) return withQualifier({ functionName: plain[1]! }, plain[2]);
  return undefined;
}

function withQualifier(id: FunctionIdentifier, qualifier: string | undefined): FunctionIdentifier {
  return qualifier === undefined ? id : { ...id, qualifier };
}
