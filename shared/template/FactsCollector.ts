import type { SourceLocation } from '../checks/types.ts';
import type { FunctionFacts, IncompleteFact, RoleFacts } from '../facts/types.ts';
import { LocationIndex } from './LocationIndex.ts';
import { partitionOf, type ScanSettings } from './ScanSettings.ts';
import type { TemplateScope } from './TemplateScope.ts';
import { isUnresolved, type Unresolved } from './Unresolved.ts';
import { asProps, type Props } from './values.ts';

/** What reading templates collects: facts, where they were written, and the gaps, each at its line. */
export class FactsCollector {
  readonly partition: string;
  readonly index = new LocationIndex();
  /** Keyed by lower-cased role ARN. */
  readonly roles = new Map<string, RoleFacts>();
  readonly functions: FunctionFacts[] = [];
  readonly accountGaps: IncompleteFact[] = [];

  constructor(readonly settings: ScanSettings) {
    this.partition = partitionOf(settings.region);
  }

  /** Records something unknown on the role or function whose verdict depends on it. */
  gap(target: { incomplete: IncompleteFact[] }, what: string, reason: string, at: SourceLocation): void {
    target.incomplete.push({ what, reason });
    if (!this.index.gaps.has(what)) this.index.gaps.set(what, at);
  }

  /** Resources of these types that would be created; one whose Condition cannot be decided is kept, with the reason. */
  resources(scope: TemplateScope, types: string[]): [string, Props, SourceLocation, Unresolved | undefined][] {
    const out: [string, Props, SourceLocation, Unresolved | undefined][] = [];
    for (const [id, resource] of Object.entries(scope.template.body.Resources)) {
      if (!types.includes(resource?.Type)) continue;
      const exists = scope.resolver.exists(id);
      if (exists === false) continue;
      out.push([id, asProps(resource.Properties), scope.resource(id), isUnresolved(exists) ? exists : undefined]);
    }
    return out;
  }
}
