import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { AccountReader } from '../AccountReader.ts';
import { SnapshotWriteError } from '../errors.ts';
import { decodePolicyDocument } from '../live/decodePolicyDocument.ts';
import { readAccountRecords } from '../readAccountRecords.ts';
import type { ReadAccountRecordsOptions } from '../readAccountRecords.ts';
import type { AccountRecords, ManagedPolicyRecord, QualifierMode, RawPolicyDocument, ReadProblem, RoleRecord } from '../records.ts';
import { snapshotLayout } from './snapshotLayout.ts';
import { withoutEnvironmentValues } from './withoutEnvironmentValues.ts';

export interface WriteSnapshotOptions {
  /**
   * Write even though some reads failed (records.problems). Off by default: a resource policy that
   * could not be read would be absent from the snapshot, which reads as "this function has none".
   */
  allowIncomplete?: boolean;
  /** Passed to readAccountRecords (progress lines while the account is read). */
  onProgress?: ReadAccountRecordsOptions['onProgress'];
  /**
   * Which aliases and versions to read when records are not given (default `all`: a snapshot is a
   * complete copy, so `audit --snapshot` can use any `--qualifiers` mode). `latest` writes the older
   * format, without lambda/function-versions.json.
   */
  qualifiers?: QualifierMode;
}

export interface WriteSnapshotResult {
  files: number;
  /** The reads that failed (only with allowIncomplete; otherwise nothing is written). */
  problems: ReadProblem[];
}

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Every path a snapshot may hold: anything else in the target means it is not a snapshot. */
const SNAPSHOT_TREE: Record<string, 'files' | readonly string[]> = {
  '.': ['iam', 'lambda'],
  iam: ['authorization-details.json'],
  lambda: ['functions.json', 'event-source-mappings.json', 'policies', 'url-configs', 'function-versions.json', 'aliases', 'qualifier-policies'],
  'lambda/policies': 'files',
  'lambda/url-configs': 'files',
  'lambda/aliases': 'files',
  'lambda/qualifier-policies': 'files',
};

/**
 * Writes the account as a snapshot directory (snapshotLayout.ts): the files the AWS CLI would write,
 * so `keycard audit --snapshot DIR` and a hand-made snapshot read the same.
 * - IAM documents as decoded JSON objects (as the CLI prints them); Lambda's `Policy` as a JSON string.
 * - Environment variable values are never written: names stay, each value is the snapshot reader's
 *   placeholder (`(value not read by keycard)`), so a reader of the file sees the name was captured
 *   and the value deliberately was not ("" would look like a real empty value).
 * - Timestamps as the CLI prints them (`2024-01-31T09:00:00+00:00`).
 * - Written to a sibling staging directory and moved into place, so a failure leaves no half-written
 *   snapshot; an existing target is replaced only if it is empty or holds nothing but snapshot files
 *   (stale per-function files of an older snapshot go with it).
 * Records come from `readAccountRecords(reader)` unless given.
 */
export async function writeSnapshot(
  reader: AccountReader,
  dir: string,
  records?: AccountRecords,
  options: WriteSnapshotOptions = {},
): Promise<WriteSnapshotResult> {
  const existing = await inspectTarget(dir);
  // A snapshot is a complete copy: every URL config, as the AWS CLI loop would save them.
  const qualifiers = options.qualifiers ?? 'all';
  const account =
    records ??
    (await readAccountRecords(reader, {
      allUrlConfigs: true,
      ...(qualifiers === 'latest' ? {} : { qualifiers }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }));
  if (account.problems.length > 0 && options.allowIncomplete !== true) {
    const list = account.problems.map((p) => `${p.subject.kind} ${p.subject.name}: ${p.what}: ${p.reason}`);
    // Say what to do for the failures there were: a throttled read needs no new permission.
    const causes = new Set(account.problems.map((p) => p.cause ?? 'failed'));
    const todo = [
      ...(causes.has('denied') ? ['grant the missing permissions'] : []),
      ...(causes.has('throttled') ? ['run again when the account is quieter, or with a lower --api-rate'] : []),
      ...(causes.has('failed') ? ['fix the failed reads named below'] : []),
    ].join('; ');
    throw new SnapshotWriteError(
      dir,
      `${account.problems.length} read(s) failed, so the snapshot would be incomplete and nothing was written ` +
        `(${todo}, and run again): ${list.join('; ')}`,
    );
  }
  const files = snapshotFiles(account);

  const target = resolve(dir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(target)}.keycard-`));
  try {
    for (const [path, content] of files) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content, { flag: 'wx' });
    }
    // An empty target goes too, so the staging directory can take its place.
    if (existing !== 'absent') await rm(target, { recursive: true });
    await rename(staging, target);
  } catch (cause) {
    await rm(staging, { recursive: true, force: true });
    throw new SnapshotWriteError(dir, `could not write the snapshot (${(cause as Error).message})`, { cause });
  }
  return { files: files.size, problems: account.problems };
}

/** Path relative to the snapshot -> file content. */
function snapshotFiles(account: AccountRecords): Map<string, string> {
  const files = new Map<string, string>();
  files.set(snapshotLayout.authorizationDetails.path, toJson({
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: account.roles.map(roleDetail),
    Policies: [...account.managedPolicies.values()].map(policyDetail),
  }));
  files.set(snapshotLayout.functions.path, toJson({ Functions: account.functions.map(withoutEnvironmentValues) }));
  files.set(snapshotLayout.eventSourceMappings.path, toJson({ EventSourceMappings: account.eventSourceMappings }));
  for (const [name, policy] of account.resourcePolicies) {
    const document = typeof policy.Policy === 'string' ? policy.Policy : JSON.stringify(policy.Policy);
    files.set(snapshotLayout.resourcePolicies.pathOf(safeName(name)), toJson({ ...policy, Policy: document }));
  }
  for (const [name, configs] of account.urlConfigs) {
    if (configs.length === 0) continue; // absent file = no URL, as the snapshot reader reads it
    files.set(snapshotLayout.urlConfigs.pathOf(safeName(name)), toJson({ FunctionUrlConfigs: configs }));
  }
  if (account.qualifiers !== undefined && account.qualifiers.mode !== 'latest') {
    const { versions, aliases, resourcePolicies } = account.qualifiers;
    // As `list-functions --function-version ALL` prints it: $LATEST entries carry the `:$LATEST` qualifier.
    const latest = account.functions.map((fn) => ({ ...withoutEnvironmentValues(fn), FunctionArn: `${fn.FunctionArn}:$LATEST`, Version: '$LATEST' }));
    files.set(snapshotLayout.functionVersions.path, toJson({ Functions: [...latest, ...versions.map(withoutEnvironmentValues)] }));
    // One file per function, as a loop over list-aliases writes them: an empty list says "read: none".
    for (const fn of account.functions) {
      files.set(snapshotLayout.aliases.pathOf(safeName(fn.FunctionName)), toJson({ Aliases: aliases.get(fn.FunctionName) ?? [] }));
    }
    for (const [key, policy] of resourcePolicies) {
      const at = key.lastIndexOf(':');
      const document = typeof policy.Policy === 'string' ? policy.Policy : JSON.stringify(policy.Policy);
      files.set(snapshotLayout.qualifierPolicies.pathOf(safeName(key.slice(0, at)), safeName(key.slice(at + 1))), toJson({ ...policy, Policy: document }));
    }
  }
  return files;
}

function roleDetail(role: RoleRecord): Record<string, unknown> {
  return {
    ...role,
    ...(role.AssumeRolePolicyDocument === undefined
      ? {}
      : { AssumeRolePolicyDocument: documentObject(role.AssumeRolePolicyDocument) }),
    RolePolicyList: (role.RolePolicyList ?? []).map((policy) => ({
      PolicyName: policy.PolicyName,
      PolicyDocument: documentObject(policy.PolicyDocument),
    })),
    AttachedManagedPolicies: role.AttachedManagedPolicies ?? [],
  };
}

function policyDetail(policy: ManagedPolicyRecord): Record<string, unknown> {
  const { Document, ...rest } = policy;
  const version = {
    Document: documentObject(Document),
    ...(policy.DefaultVersionId === undefined ? {} : { VersionId: policy.DefaultVersionId }),
    IsDefaultVersion: true,
  };
  return { ...rest, PolicyVersionList: [version] };
}

/** As the CLI prints IAM documents: decoded and parsed. Text that is not JSON is kept as text. */
function documentObject(document: RawPolicyDocument): RawPolicyDocument {
  if (typeof document !== 'string') return document;
  try {
    return JSON.parse(decodePolicyDocument(document)) as Record<string, unknown>;
  } catch {
    return document;
  }
}

/** Function names become file names: refuse anything that could leave the folder. */
function safeName(name: string): string {
  if (!FUNCTION_NAME.test(name)) {
    throw new SnapshotWriteError(name, 'is not a Lambda function name (letters, digits, - and _), so no file is named after it');
  }
  return name;
}

/** JSON as the AWS CLI prints it: 4-space indent, ISO timestamps with `+00:00`. */
function toJson(value: unknown): string {
  return `${JSON.stringify(value, cliValue, 4)}\n`;
}

function cliValue(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (!(raw instanceof Date)) return value;
  const iso = raw.toISOString(); // 2024-01-31T09:00:00.123Z
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${millis === '000' ? '' : `.${millis}000`}+00:00`;
}

/** 'absent', 'empty', or 'snapshot'; anything else is refused before any AWS call is made. */
async function inspectTarget(dir: string): Promise<'absent' | 'empty' | 'snapshot'> {
  const info = await stat(dir).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') return undefined;
    throw new SnapshotWriteError(dir, `cannot inspect the target directory (${cause.code ?? cause.message})`, { cause });
  });
  if (info === undefined) return 'absent';
  if (!info.isDirectory()) throw new SnapshotWriteError(dir, 'exists and is not a directory; choose a new or empty directory');
  const entries = await readdir(dir);
  if (entries.length === 0) return 'empty';
  const stray = await strayEntry(dir, '.');
  if (stray !== undefined) {
    throw new SnapshotWriteError(
      dir,
      `is not empty and does not look like a Keycard snapshot (found ${stray}); ` +
        'choose a new or empty directory, nothing was overwritten',
    );
  }
  return 'snapshot';
}

/** The first entry under `dir/sub` that a snapshot would not hold, or undefined. */
async function strayEntry(dir: string, sub: string): Promise<string | undefined> {
  const allowed = SNAPSHOT_TREE[sub];
  for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
    const path = sub === '.' ? entry.name : `${sub}/${entry.name}`;
    if (allowed === 'files') {
      if (!entry.isFile() || !entry.name.endsWith('.json')) return path;
      continue;
    }
    if (allowed === undefined || !allowed.includes(entry.name)) return path;
    const nested = SNAPSHOT_TREE[path];
    if (nested !== undefined) {
      if (!entry.isDirectory()) return path;
      const found = await strayEntry(dir, path);
      if (found !== undefined) return found;
    } else if (!entry.isFile()) {
      return path;
    }
  }
  return undefined;
}
