/**
 * A test double of the AccountReader interface over records held in memory, counting calls by
 * the API each method stands for. Pipelines are exercised with it; the live and snapshot readers
 * have their own tests against mocked SDK clients and real files.
 */
import type { AccountIdentity, AccountReader } from '../../shared/account/AccountReader.ts';
import type {
  AccountRecords,
  EventSourceMappingRecord,
  FunctionConfigurationRecord,
  FunctionUrlConfigRecord,
  ManagedPolicyRecord,
  ResourcePolicyRecord,
  RoleRecord,
} from '../../shared/account/records.ts';

export class InMemoryAccountReader implements AccountReader {
  readonly calls: Record<string, number> = {};
  constructor(
    readonly records: AccountRecords,
    private readonly id: AccountIdentity = { accountId: '111122223333', region: 'us-east-1', partition: 'aws' },
  ) {}

  private count(api: string): void {
    this.calls[api] = (this.calls[api] ?? 0) + 1;
  }

  async identity(): Promise<AccountIdentity> {
    this.count('GetCallerIdentity');
    return this.id;
  }
  async readAuthorizationDetails(): Promise<Pick<AccountRecords, 'roles' | 'managedPolicies'>> {
    this.count('GetAccountAuthorizationDetails');
    return { roles: this.records.roles, managedPolicies: this.records.managedPolicies };
  }
  async getRole(roleName: string): Promise<RoleRecord | undefined> {
    this.count('GetRole');
    return this.records.roles.find((role) => role.RoleName === roleName);
  }
  async getManagedPolicy(policyArn: string): Promise<ManagedPolicyRecord | undefined> {
    this.count('GetPolicyVersion');
    return this.records.managedPolicies.get(policyArn);
  }
  async listRolesWithPolicy(policyArn: string): Promise<string[]> {
    this.count('ListEntitiesForPolicy');
    return this.records.roles
      .filter((role) => (role.AttachedManagedPolicies ?? []).some((p) => p.PolicyArn === policyArn))
      .map((role) => role.RoleName);
  }
  async listFunctions(): Promise<FunctionConfigurationRecord[]> {
    this.count('ListFunctions');
    return this.records.functions;
  }
  async getFunctionConfiguration(functionName: string): Promise<FunctionConfigurationRecord | undefined> {
    this.count('GetFunctionConfiguration');
    return this.records.functions.find((fn) => fn.FunctionName === functionName || fn.FunctionArn === functionName);
  }
  async getResourcePolicy(functionName: string): Promise<ResourcePolicyRecord | undefined> {
    this.count('GetPolicy');
    return this.records.resourcePolicies.get(functionName);
  }
  async listFunctionUrlConfigs(functionName: string): Promise<FunctionUrlConfigRecord[]> {
    this.count('ListFunctionUrlConfigs');
    return this.records.urlConfigs.get(functionName) ?? [];
  }
  async listEventSourceMappings(functionName?: string): Promise<EventSourceMappingRecord[]> {
    this.count('ListEventSourceMappings');
    if (functionName === undefined) return this.records.eventSourceMappings;
    return this.records.eventSourceMappings.filter((m) => m.FunctionArn?.split(':')[6] === functionName);
  }
}
