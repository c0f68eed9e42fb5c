/**
 * Two role ARNs name the same role when account and role name agree: the name is unique in an
 * account whatever the path, and CloudTrail's sessionIssuer.arn and CloudFormation's !GetAtt may
 * disagree on whether the path is included.
 */
export function sameRole(a: string, b: string): boolean {
  const x = roleKey(a);
  return x !== undefined && x === roleKey(b);
}

/** `account/name` of an IAM role ARN or STS assumed-role ARN; undefined for anything else. */
export function roleKey(arn: string): string | undefined {
  const iam = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (iam !== null) return `${iam[1]}/${iam[2]!.toLowerCase()}`;
  const sts = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  if (sts !== null) return `${sts[1]}/${sts[2]!.toLowerCase()}`;
  return undefined;
}
