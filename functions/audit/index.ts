/**
 * audit: the whole region (manual `{}` or the schedule), or the functions named in
 * `{"functions": [...]}`. Large accounts continue in new invocations of this function.
 */
import { createHandlerRuntime } from '../../shared/pipeline/createHandlerRuntime.ts';
import { makeAuditHandler } from '../../shared/pipeline/makeAuditHandler.ts';

export const handler = makeAuditHandler(createHandlerRuntime('keycard-audit'));
