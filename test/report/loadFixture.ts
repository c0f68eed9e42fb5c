import { readFileSync } from 'node:fs';
import type { AuditResult } from '../../shared/engine/AuditResult.ts';

/** A small AuditResult built by hand (worst-case function, shared role, unattached finding, clean function). */
export function loadSmallAuditResult(): AuditResult {
  return JSON.parse(readFileSync(new URL('./fixtures/small-audit-result.json', import.meta.url), 'utf8')) as AuditResult;
}
