import { compileWildcard, HAS_WILDCARD } from './compileWildcard.ts';

/**
 * ARN matching, case-sensitive. Wildcards in the partition, service, region and account segments
 * stay within their segment; in the resource part (after the fifth colon) `*` also spans `:` and `/`.
 * `*` alone matches anything. Policy variables are not resolved here: see resolveResourcePattern.
 */
export function matchResource(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  if (!HAS_WILDCARD.test(pattern)) return pattern === arn;
  return compileWildcard(pattern, 'arn').test(arn);
}
