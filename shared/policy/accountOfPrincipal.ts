const ACCOUNT_ID = /^\d{12}$/;
const IAM_OR_STS_ARN = /^arn:[a-z-]+:(?:iam|sts)::(\d{12}):/;

/**
 * The account an AWS principal belongs to: a bare 12-digit id, `arn:aws:iam::<id>:root`, a role,
 * user or assumed-role ARN. Undefined for `*`, service principals and anything else.
 */
export function accountOfPrincipal(p: string): string | undefined {
  const v = p.trim();
  if (ACCOUNT_ID.test(v)) return v;
  return IAM_OR_STS_ARN.exec(v)?.[1];
}
