import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountIdentity, AccountReader } from '../AccountReader.ts';
import { AccountReadError, SnapshotFormatError } from '../errors.ts';
import type {
  AccountRecords,
  AliasRecord,
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  ManagedPolicyRecord,
  ResourcePolicyRecord,
  RoleRecord,
} from '../records.ts';
import { checkEventSourceMappingRecord } from '../shape/checkEventSourceMappingRecord.ts';
import { checkFunctionRecord } from '../shape/checkFunctionRecord.ts';
import { describeValue } from '../shape/ShapeChecker.ts';
import { isObject } from './isObject.ts';
import { listItemsOfPages } from './listItemsOfPages.ts';
import { parseAuthorizationDetails } from './parseAuthorizationDetails.ts';
import { readSnapshotJson } from './readSnapshotJson.ts';
import { snapshotLayout } from './snapshotLayout.ts';
import { withoutEnvironmentValues } from './withoutEnvironmentValues.ts';

/** Overrides for what the snapshot's ARNs would otherwise tell. */
export interface SnapshotAccountReaderOptions {
  accountId?: string;
  region?: string;
  partition?: string;
  /** Largest file read, in bytes (default DEFAULT_MAX_SNAPSHOT_FILE_BYTES, 256 MiB). */
  maxFileBytes?: number;
  /**
   * The directory holding `iam/` when it is not the snapshot's own: a snapshot of several regions
   * keeps one `iam/` beside one folder per region (`keycard snapshot --regions`).
   */
  iamDirectory?: string;
}

type AuthorizationDetails = Pick<AccountRecords, 'roles' | 'managedPolicies'>;

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** An alias name or a version number (`$LATEST` has no policy of its own). */
const QUALIFIER = /^[A-Za-z0-9_-]{1,128}$/;
const FUNCTION_ARN = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([^:]+)(?::[^:]+)?$/;
const IAM_ARN = /^arn:([^:]+):iam::(\d{12}):/;

/**
 * Reads an account from a directory of plain AWS CLI outputs (format: snapshotLayout.ts).
 * Each file is read at most once and kept; per-function files are looked up in one directory
 * listing, so functions without a policy or URL cost no I/O. Environment variable values are
 * dropped as `lambda/functions.json` is read.
 */
export class SnapshotAccountReader implements AccountReader {
  readonly directory: string;
  readonly #options: SnapshotAccountReaderOptions;
  #directoryChecked?: Promise<void>;
  #authorizationDetails?: Promise<AuthorizationDetails>;
  #functions?: Promise<FunctionConfigurationRecord[]>;
  #eventSourceMappings?: Promise<EventSourceMappingRecord[]>;
  #functionVersions?: Promise<FunctionConfigurationRecord[] | undefined>;
  readonly #listings = new Map<string, Promise<Set<string>>>();

  constructor(directory: string, options: SnapshotAccountReaderOptions = {}) {
    this.directory = directory;
    this.#options = options;
  }

  async identity(): Promise<AccountIdentity> {
    const { accountId, region, partition } = this.#options;
    if (accountId !== undefined && region !== undefined && partition !== undefined) {
      return { accountId, region, partition };
    }
    const fromFunctions = lambdaIdentity(await this.#loadFunctions());
    const firstRole = (await this.#loadAuthorizationDetails()).roles[0];
    const fromRole = firstRole ? IAM_ARN.exec(firstRole.Arn) : null;
    const identity = {
      accountId: accountId ?? fromFunctions?.accountId ?? fromRole?.[2],
      region: region ?? fromFunctions?.region,
      partition: partition ?? fromFunctions?.partition ?? fromRole?.[1],
    };
    if (identity.accountId === undefined || identity.region === undefined || identity.partition === undefined) {
      throw new SnapshotFormatError(
        snapshotLayout.functions.path,
        `at least one function ARN to tell the account and region from (lambda/functions.json lists no functions); ` +
          'pass accountId, region and partition to the snapshot reader instead',
      );
    }
    return identity as AccountIdentity;
  }

  async readAuthorizationDetails(): Promise<AuthorizationDetails> {
    const { roles, managedPolicies } = await this.#loadAuthorizationDetails();
    return { roles: [...roles], managedPolicies: new Map(managedPolicies) };
  }

  async getRole(roleName: string): Promise<RoleRecord | undefined> {
    const { roles } = await this.#loadAuthorizationDetails();
    return roles.find((role) => role.RoleName === roleName);
  }

  async getManagedPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined> {
    return (await this.#loadAuthorizationDetails()).managedPolicies.get(policyArn);
  }

  /** Roles that attach the policy or use it as their permissions boundary (as ListEntitiesForPolicy). */
  async listRolesWithPolicy(policyArn: string): Promise<string[]> {
    const { roles } = await this.#loadAuthorizationDetails();
    return roles
      .filter(
        (role) =>
          role.AttachedManagedPolicies?.some((p) => p.PolicyArn === policyArn) === true ||
          role.PermissionsBoundary?.PermissionsBoundaryArn === policyArn,
      )
      .map((role) => role.RoleName);
  }

  async listFunctions(): Promise<FunctionConfigurationRecord[]> {
    return [...(await this.#loadFunctions())];
  }

  /** By name or ARN (a qualifier is ignored: the snapshot holds unpublished configurations). */
  async getFunctionConfiguration(functionName: string): Promise<FunctionConfigurationRecord | undefined> {
    const name = functionNameOf(functionName);
    return (await this.#loadFunctions()).find((fn) => fn.FunctionName === name);
  }

  async getResourcePolicy(functionName: string, qualifier?: string): Promise<ResourcePolicyRecord | undefined> {
    if (qualifier !== undefined) return this.#qualifierPolicy(functionName, qualifier);
    const spec = snapshotLayout.resourcePolicies;
    const json = await this.#readFunctionFile(spec.dir, spec.pathOf, functionName, spec);
    if (json === undefined) return undefined;
    const file = spec.pathOf(functionNameOf(functionName));
    if (!isObject(json) || !(typeof json.Policy === 'string' || isObject(json.Policy))) {
      throw new SnapshotFormatError(file, `${spec.expected}; found no Policy`);
    }
    return {
      Policy: json.Policy as ResourcePolicyRecord['Policy'],
      ...(typeof json.RevisionId === 'string' ? { RevisionId: json.RevisionId } : {}),
    };
  }

  /**
   * `lambda/function-versions.json` (every version, `$LATEST` included); undefined when the snapshot
   * has no such file (it predates the format's versions and aliases). With a name: that function's.
   */
  async listFunctionVersions(functionName?: string): Promise<FunctionConfigurationRecord[] | undefined> {
    const all = await this.#loadFunctionVersions();
    if (all === undefined) return undefined;
    if (functionName === undefined) return [...all];
    const name = functionNameOf(functionName);
    return all.filter((fn) => fn.FunctionName === name);
  }

  /** `lambda/aliases/<FunctionName>.json`; no file: no aliases. */
  async listAliases(functionName: string): Promise<AliasRecord[]> {
    const spec = snapshotLayout.aliases;
    const json = await this.#readFunctionFile(spec.dir, spec.pathOf, functionName, spec);
    if (json === undefined) return [];
    const file = spec.pathOf(functionNameOf(functionName));
    return listItemsOfPages(json, 'Aliases', file, spec).map((item, index) => {
      if (!isObject(item) || typeof item.AliasArn !== 'string' || typeof item.Name !== 'string' || typeof item.FunctionVersion !== 'string') {
        throw new SnapshotFormatError(file, `${spec.expected}; Aliases entry ${index} lacks AliasArn, Name or FunctionVersion`);
      }
      return item as AliasRecord;
    });
  }

  async listFunctionUrlConfigs(functionName: string): Promise<FunctionUrlConfigRecord[]> {
    const spec = snapshotLayout.urlConfigs;
    const json = await this.#readFunctionFile(spec.dir, spec.pathOf, functionName, spec);
    if (json === undefined) return [];
    const file = spec.pathOf(functionNameOf(functionName));
    return listItemsOfPages(json, 'FunctionUrlConfigs', file, spec).map((item, index) => {
      const bad = !isObject(item) ? '' : ['FunctionUrl', 'FunctionArn', 'AuthType'].find((key) => typeof item[key] !== 'string');
      if (bad !== undefined) {
        const what = bad === '' ? `is ${describeValue(item)}, not an object` : `has no ${bad} string (found ${describeValue((item as Record<string, unknown>)[bad])})`;
        throw new SnapshotFormatError(file, `${spec.expected}; FunctionUrlConfigs entry ${index} ${what}`);
      }
      return item as FunctionUrlConfigRecord;
    });
  }

  /**
   * Without a name, every mapping in the snapshot. The file is optional in the sense that the
   * rest of the account can be judged without it, but its absence is an error here (which
   * readAccountRecords turns into an account-level ReadProblem), not "no mappings": a snapshot
   * that merely forgot it must not pass the event-source permission checks silently.
   */
  async listEventSourceMappings(functionName?: string): Promise<EventSourceMappingRecord[]> {
    const mappings = await this.#loadEventSourceMappings();
    if (functionName === undefined) return [...mappings];
    const name = functionNameOf(functionName);
    return mappings.filter((m) => m.FunctionArn !== undefined && functionNameOf(m.FunctionArn) === name);
  }

  #checkDirectory(): Promise<void> {
    this.#directoryChecked ??= stat(this.directory).then(
      (s) => {
        if (!s.isDirectory()) throw new Error('not a directory');
      },
    ).catch((cause: unknown) => {
      throw new SnapshotFormatError(
        this.directory,
        `a snapshot directory holding ${snapshotLayout.authorizationDetails.path} and ` +
          `${snapshotLayout.functions.path}; it does not exist or is not a directory`,
        { cause },
      );
    });
    return this.#directoryChecked;
  }

  async #readRequired(spec: { path: string; expected: string; command: string }, root = this.directory): Promise<unknown> {
    await this.#checkDirectory();
    const json = await readSnapshotJson(root, spec.path, spec, this.#options.maxFileBytes);
    if (json === undefined) {
      throw new SnapshotFormatError(
        spec.path,
        `${spec.expected}; the file is missing from snapshot ${root}. ` +
          `Create it with \`${spec.command} --output json > ${spec.path}\``,
      );
    }
    return json;
  }

  #loadAuthorizationDetails(): Promise<AuthorizationDetails> {
    this.#authorizationDetails ??= this.#readRequired(snapshotLayout.authorizationDetails, this.#options.iamDirectory ?? this.directory).then(
      parseAuthorizationDetails,
    );
    return this.#authorizationDetails;
  }

  #loadFunctions(): Promise<FunctionConfigurationRecord[]> {
    const spec = this.#inRegion(snapshotLayout.functions);
    this.#functions ??= this.#readRequired(spec).then((json) =>
      listItemsOfPages(json, 'Functions', spec.path, spec).map((fn, index) => {
        // Without a name the function cannot be reported on its own: the file is refused, naming the entry.
        if (!isObject(fn) || typeof fn.FunctionName !== 'string') {
          throw new SnapshotFormatError(spec.path, `${spec.expected}; Functions entry ${index} has no FunctionName string`);
        }
        return withoutEnvironmentValues(checkFunctionRecord(fn as Record<string, unknown> & { FunctionName: string }, spec.path));
      }),
    );
    return this.#functions;
  }

  #loadEventSourceMappings(): Promise<EventSourceMappingRecord[]> {
    const spec = this.#inRegion(snapshotLayout.eventSourceMappings);
    this.#eventSourceMappings ??= (async () => {
      await this.#checkDirectory();
      const json = await readSnapshotJson(this.directory, spec.path, spec, this.#options.maxFileBytes);
      if (json === undefined) {
        throw new SnapshotFormatError(
          spec.path,
          `${spec.expected}; the file is missing, so event source mappings cannot be checked. ` +
            `Create it with \`${spec.command} --output json > ${spec.path}\` ` +
            '(an account without mappings: {"EventSourceMappings": []})',
        );
      }
      // A malformed entry is kept with its defects: an evaluation-incomplete for its function, not a failed audit.
      return listItemsOfPages(json, 'EventSourceMappings', spec.path, spec).map((m, index) =>
        checkEventSourceMappingRecord(m, spec.path, `EventSourceMappings[${index}]`),
      );
    })();
    return this.#eventSourceMappings;
  }

  async #qualifierPolicy(functionName: string, qualifier: string): Promise<ResourcePolicyRecord | undefined> {
    const spec = this.#inRegion(snapshotLayout.qualifierPolicies);
    const name = functionNameOf(functionName);
    if (!FUNCTION_NAME.test(name) || !QUALIFIER.test(qualifier)) {
      throw new AccountReadError(spec.dir, `"${functionName}" qualifier "${qualifier}" is not a Lambda function name and alias or version`);
    }
    await this.#checkDirectory();
    if (!(await this.#listing(spec.dir)).has(spec.fileOf(name, qualifier))) return undefined;
    const file = spec.pathOf(name, qualifier);
    const json = await readSnapshotJson(this.directory, file, { expected: spec.expected, command: `${spec.command} ${name} --qualifier ${qualifier}` });
    if (json === undefined) return undefined;
    if (!isObject(json) || !(typeof json.Policy === 'string' || isObject(json.Policy))) {
      throw new SnapshotFormatError(file, `${spec.expected}; found no Policy`);
    }
    return {
      Policy: json.Policy as ResourcePolicyRecord['Policy'],
      ...(typeof json.RevisionId === 'string' ? { RevisionId: json.RevisionId } : {}),
    };
  }

  #loadFunctionVersions(): Promise<FunctionConfigurationRecord[] | undefined> {
    const spec = this.#inRegion(snapshotLayout.functionVersions);
    this.#functionVersions ??= (async () => {
      await this.#checkDirectory();
      const json = await readSnapshotJson(this.directory, spec.path, spec);
      if (json === undefined) return undefined;
      return listItemsOfPages(json, 'Functions', spec.path, spec).map((fn, index) => {
        if (!isObject(fn) || typeof fn.FunctionName !== 'string' || typeof fn.FunctionArn !== 'string' || typeof fn.Role !== 'string') {
          throw new SnapshotFormatError(spec.path, `${spec.expected}; Functions entry ${index} lacks FunctionName, FunctionArn or Role`);
        }
        return withoutEnvironmentValues(fn as FunctionConfigurationRecord);
      });
    })();
    return this.#functionVersions;
  }

  /** A per-function file, or undefined when the snapshot has none for the function. */
  async #readFunctionFile(
    dir: string,
    pathOf: (name: string) => string,
    functionName: string,
    spec: { expected: string; command: string },
  ): Promise<unknown> {
    const name = functionNameOf(functionName);
    if (!FUNCTION_NAME.test(name)) {
      throw new AccountReadError(pathOf(name), `"${functionName}" is not a Lambda function name or ARN`);
    }
    await this.#checkDirectory();
    if (!(await this.#listing(dir)).has(`${name}.json`)) return undefined;
    const file = pathOf(name);
    const json = await readSnapshotJson(this.directory, file, {
      expected: spec.expected,
      command: `${this.#inRegion(spec).command} ${name}`,
    }, this.#options.maxFileBytes);
    if (json === undefined) return undefined;
    return json;
  }

  /**
   * The spec with its `aws lambda` command for this reader's region, when it was told one (a region
   * folder of a snapshot of several regions): the command to re-create a file must read that region.
   */
  #inRegion<T extends { command: string }>(spec: T): T {
    const region = this.#options.region;
    if (region === undefined || !spec.command.startsWith('aws lambda ')) return spec;
    return { ...spec, command: spec.command.replace(/^aws lambda (\S+)/, `aws lambda $1 --region ${region}`) };
  }

  /** File names in one snapshot folder; an absent folder holds nothing. */
  #listing(dir: string): Promise<Set<string>> {
    let listing = this.#listings.get(dir);
    if (listing === undefined) {
      listing = readdir(join(this.directory, dir)).then(
        (names) => new Set(names),
        (cause: unknown) => {
          if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return new Set<string>();
          throw new SnapshotFormatError(dir, `a folder of per-function files; it could not be listed`, { cause });
        },
      );
      this.#listings.set(dir, listing);
    }
    return listing;
  }
}

/** Name from a function name, full or partial ARN, qualified or not. */
function functionNameOf(nameOrArn: string): string {
  const parts = nameOrArn.split(':');
  const at = parts.indexOf('function');
  return at >= 0 ? (parts[at + 1] ?? nameOrArn) : nameOrArn;
}

/** Account, region and partition of the functions; they must agree (list-functions is per region). */
function lambdaIdentity(functions: FunctionConfigurationRecord[]): AccountIdentity | undefined {
  let identity: AccountIdentity | undefined;
  for (const fn of functions) {
    const match = FUNCTION_ARN.exec(fn.FunctionArn);
    if (!match) continue;
    const [, partition = '', region = '', accountId = ''] = match;
    if (identity === undefined) {
      identity = { partition, region, accountId };
    } else if (identity.accountId !== accountId || identity.region !== region) {
      throw new SnapshotFormatError(
        snapshotLayout.functions.path,
        `the functions of one account and region; found ${identity.accountId}/${identity.region} and ` +
          `${accountId}/${region} (${fn.FunctionName}). Make one snapshot per account and region`,
      );
    }
  }
  return identity;
}
