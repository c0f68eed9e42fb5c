/**
 * What an SDK v3 error means for a read. SDK v3 errors carry the service's error code as `name`:
 * modelled ones by class (`NoSuchEntityException`, `ResourceNotFoundException`), unmodelled ones by
 * wire code (IAM and STS `AccessDenied`). Lambda says `AccessDeniedException`.
 */
export type AwsErrorKind = 'access-denied' | 'not-found' | 'throttled' | 'other';

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);
const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException', 'ResourceNotFoundException']);
/** Lambda: TooManyRequestsException (429); IAM and STS: Throttling; others as the SDK lists them. */
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

export function classifyAwsError(error: unknown): AwsErrorKind {
  const name = error instanceof Error ? error.name : undefined;
  if (name === undefined) return 'other';
  if (ACCESS_DENIED.has(name)) return 'access-denied';
  if (NOT_FOUND.has(name)) return 'not-found';
  if (THROTTLED.has(name) || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 429) return 'throttled';
  return 'other';
}
