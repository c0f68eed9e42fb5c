/** ARNs of these services have no resource type: the first part of the resource is a name. */
const UNTYPED_SERVICES = new Set(['s3', 'execute-api']);

const hasWildcardIn = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) return true;
  }
  return false;
};

/**
 * Why IAM's documentation does not decide what an ARN pattern matches, or undefined when it does:
 * a wildcard in the resource-type part (`arn:aws:iam::111122223333:*\/admin`, documented only as not
 * allowed) or fewer than six parts (`arn:aws:*`). A resource such a pattern appears to match is an
 * *unknown* match: never a grant, never a safeguard. One it cannot match on any reading stays a miss.
 * Called for every wildcard pattern a document holds: index scans only, no splitting.
 */
export function undecidedArnPattern(pattern: string): string | undefined {
  if (pattern === '*' || !hasWildcardIn(pattern, 0, pattern.length)) return undefined;
  // The five colons before the resource part.
  const colons: number[] = [];
  for (let at = pattern.indexOf(':'); at >= 0 && colons.length < 5; at = pattern.indexOf(':', at + 1)) colons.push(at);
  if (colons.length < 5) {
    return `the ARN pattern "${pattern}" has fewer than six colon-separated parts, which the IAM documentation does not define`;
  }
  if (UNTYPED_SERVICES.has(pattern.slice(colons[1]! + 1, colons[2]))) return undefined;
  const start = colons[4]! + 1;
  let cut = -1;
  for (let i = start; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 47 /* / */ || c === 58 /* : */) {
      cut = i;
      break;
    }
  }
  if (cut < 0 || !hasWildcardIn(pattern, start, cut)) return undefined;
  return `the ARN pattern "${pattern}" has a wildcard in its resource type, which the IAM documentation says only is not allowed`;
}
