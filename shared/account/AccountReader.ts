/**
 * The one way the engine's callers read an account. Two implementations: the snapshot reader
 * (directory of AWS CLI outputs, shared/account/snapshot/) and the live reader (SDK v3,
 * shared/account/live/). Records keep AWS's own shapes (PascalCase, as the CLI prints them);
 * policy documents may still be URL-encoded strings — shared/policy/parsePolicyDocument decodes.
 *
 * Contract for "not found": `undefined`. Any other failure throws an AccountReadError
 * (shared/account/errors.ts) naming what was read and why it failed.
 */
import type { AccountRecords } from './records.ts';
import type {
  AliasRecord,
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  ManagedPolicyRecord,
  ResourcePolicyRecord,
  RoleRecord,
  TrailStatusRecord,
} from './records.ts';

export interface AccountIdentity {
  accountId: string;
  region: string;
  partition: string;
}

export interface AccountReader {
  identity(): Promise<AccountIdentity>;

  /** Bulk: every role and every managed policy attached to one (GetAccountAuthorizationDetails). */
  readAuthorizationDetails(): Promise<Pick<AccountRecords, 'roles' | 'managedPolicies'>>;
  /** Targeted: one role by name, with inline policies, attached policy ARNs, boundary and tags. */
  getRole(roleName: string): Promise<RoleRecord | undefined>;
  /** Targeted: a managed policy's default version document. */
  getManagedPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined>;
  /** Names of the roles a customer managed policy is attached to (for CreatePolicyVersion events). */
  listRolesWithPolicy(policyArn: string): Promise<string[]>;

  listFunctions(): Promise<FunctionConfigurationRecord[]>;
  getFunctionConfiguration(functionName: string): Promise<FunctionConfigurationRecord | undefined>;
  /**
   * The function's resource-based policy; undefined when it has none. With a qualifier (alias name
   * or version number): that alias's or version's own policy (`get-policy --qualifier`).
   */
  getResourcePolicy(functionName: string, qualifier?: string): Promise<ResourcePolicyRecord | undefined>;
  /**
   * Every version of every function, `$LATEST` included (`list-functions --function-version ALL`);
   * with a name, that function's (`list-versions-by-function`). Undefined when this reader cannot
   * see versions (a snapshot made before they were part of the format). Optional: readers without
   * it are read as `$LATEST` only.
   */
  listFunctionVersions?(functionName?: string): Promise<FunctionConfigurationRecord[] | undefined>;
  /** The function's aliases (`list-aliases`); none for a function that does not exist. */
  listAliases?(functionName: string): Promise<AliasRecord[]>;
  listFunctionUrlConfigs(functionName: string): Promise<FunctionUrlConfigRecord[]>;
  /** Without a name: every mapping in the region. */
  listEventSourceMappings(functionName?: string): Promise<EventSourceMappingRecord[]>;

  /**
   * Optional: the account's AWS Organizations id (`o-...`, DescribeOrganization), or undefined when
   * the account is in no organization or the caller may not ask. Used to trust the own organization.
   */
  organizationId?(): Promise<string | undefined>;

  /**
   * Optional: whether a CloudTrail trail delivers the management events of this reader's region, the
   * source of the stack's change events from there (the audit asks each watched region's reader).
   * Never throws: a read that failed is `unreadable` with the reason. Undefined when this reader
   * cannot ask (no CloudTrail client); snapshot readers have no such method.
   */
  readTrailStatus?(): Promise<TrailStatusRecord | undefined>;
}
