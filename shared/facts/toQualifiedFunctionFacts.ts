import type { AccountIdentity } from '../account/AccountReader.ts';
import type {
  AliasRecord,
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  QualifierRecords,
} from '../account/records.ts';
import { toFunctionFacts } from './toFunctionFacts.ts';
import type { FunctionFacts, IncompleteFact, QualifierFacts } from './types.ts';

/** What the qualified facts are built from, beside the qualifier records themselves. */
export interface QualifiedFunctionSources {
  /** The unqualified functions (`$LATEST`), as listed. */
  functions: readonly FunctionConfigurationRecord[];
  qualifiers: QualifierRecords;
  /** Keyed by function name: every URL config of the function, whichever qualifier it is on. */
  urlConfigs: ReadonlyMap<string, FunctionUrlConfigRecord[]>;
  /** Mappings on exactly this (qualified) ARN. */
  mappingsOn: (arn: string) => EventSourceMappingRecord[];
}

/**
 * Each alias and each published version as facts of its own: the configuration (and role) of the
 * version it runs, its own resource policy, the URL configs and event source mappings on its ARN.
 * `name` is `function:qualifier`, which every Lambda command's `--function-name` accepts, so fixes
 * printed for it act on the alias or version, not on `$LATEST`.
 */
export function toQualifiedFunctionFacts(sources: QualifiedFunctionSources, identity: AccountIdentity): FunctionFacts[] {
  const { qualifiers } = sources;
  const versionsByFunction = new Map<string, Map<string, FunctionConfigurationRecord>>();
  for (const version of qualifiers.versions) {
    const byNumber = versionsByFunction.get(version.FunctionName) ?? new Map<string, FunctionConfigurationRecord>();
    byNumber.set(String(version.Version ?? ''), version);
    versionsByFunction.set(version.FunctionName, byNumber);
  }

  const facts: FunctionFacts[] = [];
  for (const fn of sources.functions) {
    const versions = versionsByFunction.get(fn.FunctionName) ?? new Map<string, FunctionConfigurationRecord>();
    const configOf = (version: string): FunctionConfigurationRecord | undefined => (version === '$LATEST' ? fn : versions.get(version));
    const unqualifiedArn = fn.FunctionArn;
    for (const [number, version] of [...versions].sort(([a], [b]) => Number(a) - Number(b))) {
      facts.push(
        build(sources, identity, version, {
          arn: version.FunctionArn,
          qualified: { kind: 'version', qualifier: number, functionName: fn.FunctionName, unqualifiedArn, version: number },
          incomplete: [],
        }),
      );
    }
    for (const alias of [...(qualifiers.aliases.get(fn.FunctionName) ?? [])].sort((a, b) => a.Name.localeCompare(b.Name))) {
      facts.push(aliasFacts(sources, identity, fn, alias, configOf));
    }
  }
  return facts;
}

function aliasFacts(
  sources: QualifiedFunctionSources,
  identity: AccountIdentity,
  fn: FunctionConfigurationRecord,
  alias: AliasRecord,
  configOf: (version: string) => FunctionConfigurationRecord | undefined,
): FunctionFacts {
  const incomplete: IncompleteFact[] = [];
  const target = configOf(alias.FunctionVersion);
  if (target === undefined) {
    incomplete.push({
      what: `version ${alias.FunctionVersion} that alias ${fn.FunctionName}:${alias.Name} points at`,
      reason: "it was not among the versions read; the alias is judged with $LATEST's configuration and role, which may not be the ones it runs with",
    });
  }
  const additionalVersions: NonNullable<QualifierFacts['additionalVersions']> = [];
  for (const [version, weight] of Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {})) {
    const config = configOf(version);
    if (config === undefined) {
      incomplete.push({
        what: `version ${version} that alias ${fn.FunctionName}:${alias.Name} routes ${Math.round(weight * 100)}% of invocations to`,
        reason: 'it was not among the versions read, so the role it runs with is unknown',
      });
      continue;
    }
    additionalVersions.push({ version, weight, roleArn: config.Role });
  }
  const qualified: QualifierFacts = {
    kind: 'alias',
    qualifier: alias.Name,
    functionName: fn.FunctionName,
    unqualifiedArn: fn.FunctionArn,
    version: alias.FunctionVersion,
    ...(additionalVersions.length > 0 ? { additionalVersions } : {}),
  };
  return build(sources, identity, target ?? fn, { arn: alias.AliasArn, qualified, incomplete });
}

function build(
  sources: QualifiedFunctionSources,
  identity: AccountIdentity,
  config: FunctionConfigurationRecord,
  own: { arn: string; qualified: QualifierFacts; incomplete: IncompleteFact[] },
): FunctionFacts {
  const { functionName, qualifier } = own.qualified;
  const key = `${functionName}:${qualifier}`;
  const policy = sources.qualifiers.resourcePolicies.get(key);
  const facts = toFunctionFacts(
    { ...config, FunctionArn: own.arn },
    {
      ...(policy !== undefined ? { resourcePolicy: policy } : {}),
      urlConfigs: (sources.urlConfigs.get(functionName) ?? []).filter((url) => url.FunctionArn === own.arn),
      eventSourceMappings: sources.mappingsOn(own.arn),
    },
    identity,
  );
  return { ...facts, name: key, qualified: own.qualified, incomplete: [...own.incomplete, ...facts.incomplete] };
}
