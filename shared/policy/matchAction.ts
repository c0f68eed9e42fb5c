import { compileWildcard, HAS_WILDCARD } from './compileWildcard.ts';

/** IAM action matching: case-insensitive, `*` and `?` wildcards; `*` alone matches every action. */
export function matchAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (!HAS_WILDCARD.test(pattern)) return pattern.toLowerCase() === action.toLowerCase();
  return compileWildcard(pattern, 'action').test(action);
}
