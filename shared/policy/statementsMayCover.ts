import { normalizeStatements, type ActionMatcher, type NormalizedStatement } from './normalizeStatements.ts';
import type { PolicyDocument } from './types.ts';

/** A document's statements by the service their actions are confined to (indexed by service id); `any` for the rest. */
interface ServiceIndex {
  byService: (readonly NormalizedStatement[] | undefined)[];
  any: readonly NormalizedStatement[];
}

const cache = new WeakMap<PolicyDocument, ServiceIndex>();

/** Small numbers for service prefixes, so a document's index is an array lookup (a few hundred services exist). */
const serviceIds = new Map<string, number>();
function idOf(service: string): number {
  let id = serviceIds.get(service);
  if (id === undefined) serviceIds.set(service, (id = serviceIds.size));
  return id;
}

/**
 * The service (lower-cased prefix) an action pattern is confined to: `s3` for `s3:GetObject` and
 * `s3:Get*`; undefined when it may match actions of any service (`*`, `s3*`, a glob).
 */
function serviceOf(m: ActionMatcher): string | undefined {
  if (m === true) return undefined;
  const text = typeof m === 'string' ? m : 'prefix' in m ? m.prefix : undefined;
  const colon = text === undefined ? -1 : text.indexOf(':');
  return colon < 0 ? undefined : (text as string).slice(0, colon);
}

/** The service ids a statement's actions are confined to; undefined when it may cover any service's actions. */
function servicesOf(s: NormalizedStatement): number[] | undefined {
  if (s.notAction) return undefined;
  const out: number[] = [];
  for (const m of s.actions) {
    const service = serviceOf(m);
    if (service === undefined) return undefined;
    const id = idOf(service);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** One pass in document order: a statement for any service joins every list, a service's list starts with those seen so far. */
function indexOf(doc: PolicyDocument): ServiceIndex {
  const byService: NormalizedStatement[][] = [];
  const listed: number[] = [];
  const any: NormalizedStatement[] = [];
  for (const s of normalizeStatements(doc)) {
    const services = servicesOf(s);
    if (services === undefined) {
      any.push(s);
      for (const id of listed) byService[id]?.push(s);
      continue;
    }
    for (const id of services) {
      let list = byService[id];
      if (list === undefined) {
        byService[id] = list = any.slice();
        listed.push(id);
      }
      list.push(s);
    }
  }
  return { byService, any };
}

/** The service id of a lower-cased action (`s3` of `s3:getobject`), for statementsMayCover; -1 without a service. */
export function serviceIdOfAction(actionLower: string): number {
  const colon = actionLower.indexOf(':');
  return colon < 0 ? -1 : idOf(actionLower.slice(0, colon));
}

/**
 * The statements of a document that may cover an action of the service (see serviceIdOfAction), in
 * document order: those of the service and those that may cover any service. A superset: callers
 * still match each one. An audit asks tens of thousands of requests of documents whose statements
 * mostly name other services; the index is built once per document.
 */
export function statementsMayCover(doc: PolicyDocument, serviceId: number): readonly NormalizedStatement[] {
  let index = cache.get(doc);
  if (index === undefined) cache.set(doc, (index = indexOf(doc)));
  return (serviceId < 0 ? undefined : index.byService[serviceId]) ?? index.any;
}
