/**
 * `[Keycard] CRITICAL admin-access on role order-processor-role (2 functions) +1 more`.
 * SNS email subjects must be ASCII, one line, under 100 characters: the resource name is the part
 * shortened when needed, never the severity or check id.
 */
import type { Finding } from '../checks/types.ts';
import { nameOfArn } from './consoleUrl.ts';

export const MAX_SUBJECT_LENGTH = 99;

/** `fixed`: Keycard remediated the worst finding; the subject says so first. */
export function renderSubject(worst: Finding, others: number, fixed = false): string {
  const isRole = /:role\//.test(worst.resourceArn);
  const count = worst.functionArns.length;
  const functions = isRole ? ` (${count} function${count === 1 ? '' : 's'})` : '';
  const more = others > 0 ? ` +${others} more` : '';
  const head = `[Keycard] ${fixed ? 'FIXED ' : ''}${worst.severity.toUpperCase()} ${worst.checkId} on ${isRole ? 'role' : 'function'} `;
  return fitSubject(head, nameOfArn(worst.resourceArn), functions + more);
}

/** `head + name + tail`, shortening `name` with `...` so the whole fits; ASCII only. */
export function fitSubject(head: string, name: string, tail: string): string {
  const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');
  const [h, n, t] = [ascii(head), ascii(name), ascii(tail)];
  const room = MAX_SUBJECT_LENGTH - h.length - t.length;
  const shown = n.length <= room ? n : `${n.slice(0, Math.max(0, room - 3))}...`;
  return `${h}${shown}${t}`.slice(0, MAX_SUBJECT_LENGTH);
}
