/** A Lambda function id as callers write it, split into its parts. */
export interface FunctionIdentifier {
  functionName: string;
  qualifier?: string;
  accountId?: string;
  region?: string;
  partition?: string;
}

// As the Lambda API reference validates them: names are 1-64 letters, digits, `-` and `_`;
// a qualifier is `$LATEST`, a version or an alias (up to 128 of the same characters); an identifier
// without its qualifier is at most 140 characters, with it at most 170.
// (Literals, not built from strings, so no pattern here is ever made from input.)
const FULL_ARN =
  /^arn:(aws[a-z-]{0,20}):lambda:([a-z]{2,4}(?:-[a-z]{1,12}){1,3}-[0-9]{1,2}):([0-9]{12}):function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const PARTIAL_ARN = /^([0-9]{12}):function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const PLAIN = /^([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const MAX_UNQUALIFIED = 140;
const MAX_QUALIFIED = 170;

/**
 * Parses what Lambda accepts as `FunctionName`: `name`, `name:qualifier`,
 * `123456789012:function:name[:qualifier]` or `arn:aws:lambda:region:account:function:name[:qualifier]`.
 * Returns undefined for anything else (`../../etc/passwd`, control characters, over-long values).
 */
export function parseFunctionIdentifier(value: string): FunctionIdentifier | undefined {
  if (value.length > MAX_QUALIFIED) return undefined;
  const id = matchIdentifier(value);
  if (id === undefined) return undefined;
  const unqualifiedLength = value.length - (id.qualifier === undefined ? 0 : id.qualifier.length + 1);
  return unqualifiedLength <= MAX_UNQUALIFIED ? id : undefined;
}

function matchIdentifier(value: string): FunctionIdentifier | undefined {
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
  const plain = PLAIN.exec(value);
  if (plain) return withQualifier({ functionName: plain[1]! }, plain[2]);
  return undefined;
}

function withQualifier(id: FunctionIdentifier, qualifier: string | undefined): FunctionIdentifier {
  return qualifier === undefined ? id : { ...id, qualifier };
}
