/**
 * AWS console link for a role or function ARN, in the ARN's partition; undefined for other ARNs.
 * IAM is global (no region in the link); Lambda links open the function's region.
 */
const CONSOLE_HOSTS: Record<string, string> = {
  aws: 'console.aws.amazon.com',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
  'aws-cn': 'console.amazonaws.cn',
};

export function consoleUrl(arn: string): string | undefined {
  const role = /^arn:([^:]+):iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (role !== null) {
    const host = CONSOLE_HOSTS[role[1]!];
    return host === undefined ? undefined : `https://${host}/iam/home#/roles/details/${encodeURIComponent(role[2]!)}`;
  }
  const fn = /^arn:([^:]+):lambda:([^:]+):\d{12}:function:([^:]+)(?::.+)?$/.exec(arn);
  if (fn !== null) {
    const host = CONSOLE_HOSTS[fn[1]!];
    const region = fn[2]!;
    return host === undefined
      ? undefined
      : `https://${region}.${host}/lambda/home?region=${region}#/functions/${encodeURIComponent(fn[3]!)}`;
  }
  return undefined;
}

/** The short name in a role or function ARN (`order-processor-role`, `orders-api`), else the ARN. */
export function nameOfArn(arn: string): string {
  const role = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (role !== null) return role[1]!;
  const fn = /:function:([^:]+)/.exec(arn);
  if (fn !== null) return fn[1]!;
  return arn;
}
