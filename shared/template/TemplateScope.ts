import type { SourceLocation } from '../checks/types.ts';
import type { IncompleteFact } from '../facts/types.ts';
import type { IntrinsicResolver } from './IntrinsicResolver.ts';
import type { ParsedTemplate } from './parseTemplate.ts';

/** One template being read: its text's positions, its resolver, and a helper to locate values. */
export class TemplateScope {
  constructor(
    readonly template: ParsedTemplate,
    readonly resolver: IntrinsicResolver,
  ) {}

  get file(): string {
    return this.template.file;
  }

  /** Where a resource is written (its logical id key). */
  resource(logicalId: string): SourceLocation {
    const p = this.template.positions.ofKey(this.template.body.Resources, logicalId);
    return { file: this.file, line: p?.line ?? 1, column: p?.column ?? 1, logicalId };
  }

  /** Where `key` of `map` is written, else `fallback`. */
  key(map: unknown, key: string, fallback: SourceLocation): SourceLocation {
    const p = this.template.positions.ofKey(map, key);
    return p ? { ...fallback, line: p.line, column: p.column } : fallback;
  }

  /** Where item `index` of `list` is written, else `fallback`. */
  item(list: unknown, index: number, fallback: SourceLocation): SourceLocation {
    const p = this.template.positions.ofItem(list, index);
    return p ? { ...fallback, line: p.line, column: p.column } : fallback;
  }
}

/** A gap, and where in the template it is. */
export interface LocatedGap {
  fact: IncompleteFact;
  at: SourceLocation;
}
