/** ARNs of these services have no resource type: the first part of the resource is a name. */
const UNTYPED_SERVICES = new Set(['s3', 'execute-api']);
const WILDCARD = /[*?]/;
const memo = new Map<string, string | undefined>();
const MAX_MEMO = 10_000;

function classify(pattern: string): string | undefined {
  if (pattern === '*' || !WILDCARD.test(pattern)) return undefined;
  const parts = pattern.split(':');
  if (parts.length < 6) {
    return `the ARN pattern "${pattern}" has fewer than six colon-separated parts, which the IAM documentation does not define`;
  }
  if (UNTYPED_SERVICES.has(parts[2]!)) return undefined;
  const resource = parts.slice(5).join(':');
  const cut = resource.search(/[/:]/);
  if (cut < 0) return undefined;
  if (!WILDCARD.test(resource.slice(0, cut))) return undefined;
  return `the ARN pattern "${pattern}" has a wildcard in its resource type, which the IAM documentation says only is not allowed`;
}

/**
 * Why IAM's documentation does not decide what an ARN pattern matches, or undefined when it does:
 * a wildcard in the resource-type part (`arn:aws:iam::111122223333:*\/admin`, documented only as not
 * allowed) or fewer than six parts (`arn:aws:*`). A resource such a pattern appears to match is an
 * *unknown* match: never a grant, never a safeguard. One it cannot match on any reading stays a miss.
 */
export function undecidedArnPattern(pattern: string): string | undefined {
  if (memo.has(pattern)) return memo.get(pattern);
  const reason = classify(pattern);
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(pattern, reason);
  return reason;
}
