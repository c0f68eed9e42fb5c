/**
 * on-function-change: Lambda CloudTrail events (function created or reconfigured, permissions
 * added or removed, function URLs, event source mappings) -> evaluate that function's role and lock.
 */
import { createHandlerRuntime } from '../../shared/pipeline/createHandlerRuntime.ts';
import { makeChangeHandler } from '../../shared/pipeline/makeChangeHandler.ts';

export const handler = makeChangeHandler(createHandlerRuntime('keycard-on-function-change'));
