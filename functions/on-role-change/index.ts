/**
 * on-role-change: IAM CloudTrail events (role created, policies attached/detached/put/deleted,
 * trust or boundary changed, a customer managed policy's new default version) -> evaluate every
 * Lambda execution role concerned and the functions it serves.
 */
import { createHandlerRuntime } from '../../shared/pipeline/createHandlerRuntime.ts';
import { makeChangeHandler } from '../../shared/pipeline/makeChangeHandler.ts';

export const handler = makeChangeHandler(createHandlerRuntime('keycard-on-role-change'));
