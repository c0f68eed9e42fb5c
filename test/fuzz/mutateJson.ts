import { DeepValue } from './hostileValues.ts';

/** One change to a JSON tree at a place picked by number, so fast-check can choose and shrink it. */
export type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  /** Replace the value of the nth field with this name (any place, when none has it). */
  | { kind: 'replace-field'; field: string; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number };

/** Every [parent, key] pair in the tree, depth first (the root itself is not a place); no recursion, as trees may be deep. */
function places(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const found: [Record<string, unknown> | unknown[], string | number][] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    const children: [Record<string, unknown> | unknown[], string | number, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [value, index, item])
      : typeof value === 'object' && value !== null
        ? Object.entries(value).map(([key, item]) => [value as Record<string, unknown>, key, item])
        : [];
    for (const [parent, key] of children) found.push([parent, key]);
    for (const [, , item] of children.reverse()) pending.push(item);
  }
  return found;
}

/** The tree with the mutation applied (in place; pass a copy). */
export function mutateJson(root: unknown, mutation: Mutation): unknown {
  const all = places(root);
  if (all.length === 0) return 'value' in mutation ? placed(mutation.value) : root;
  const named = mutation.kind === 'replace-field' ? all.filter(([, key]) => key === mutation.field) : [];
  const [parent, key] = named.length > 0 ? named[mutation.at % named.length]! : all[mutation.at % all.length]!;
  if (mutation.kind === 'replace' || mutation.kind === 'replace-field') (parent as Record<string | number, unknown>)[key] = placed(mutation.value);
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, unknown>)[key as string];
  } else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  return root;
}

/** A fresh copy of a generated value: values may be shared (constants) and must never be part of two trees. */
function placed(value: unknown): unknown {
  return value instanceof DeepValue ? value.build() : structuredClone(value);
}
