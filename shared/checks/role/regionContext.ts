import type { AccessRequest } from '../../policy/index.ts';

type Context = NonNullable<AccessRequest['context']>;

const contexts = new Map<string, Context>();

/**
 * `{ 'aws:RequestedRegion': region }`, the context Lambda's own calls for a function are known to
 * carry: one frozen object per region, so the questions every function of a role asks in it are
 * recognised by identity (see evaluateRole) instead of by rebuilding and hashing their key.
 */
export function regionContext(region: string): Context {
  let context = contexts.get(region);
  if (context === undefined) {
    // Bounded: a few dozen regions exist.
    if (contexts.size >= 256) contexts.clear();
    context = Object.freeze({ 'aws:RequestedRegion': region });
    contexts.set(region, context);
  }
  return context;
}
