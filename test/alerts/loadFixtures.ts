import { readFileSync } from 'node:fs';
import type { AlertTrigger } from '../../shared/alerts/RenderedAlert.ts';
import type { Finding } from '../../shared/checks/types.ts';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

export const FINDINGS = read('findings.json') as Finding[];
export const TRIGGER = read('trigger.json') as AlertTrigger;

export function finding(checkId: string): Finding {
  const f = FINDINGS.find((x) => x.checkId === checkId);
  if (f === undefined) throw new Error(`no finding fixture ${checkId}`);
  return structuredClone(f);
}
