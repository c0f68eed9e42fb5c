import type { AccountReader } from './AccountReader.ts';
import type { AccountRecords } from './records.ts';

type AuthorizationDetails = Pick<AccountRecords, 'roles' | 'managedPolicies'>;

/**
 * Readers for several regions of one account that read IAM (global) once: each region's Lambda
 * reads go to its own reader (and its own rate budget), every IAM read to `iam`, and the bulk
 * authorization details are fetched once and shared. Pure delegation, no SDK.
 */
export function withSharedIam(regional: readonly AccountReader[], iam: AccountReader): AccountReader[] {
  let details: Promise<AuthorizationDetails> | undefined;
  const sharedDetails = async (): Promise<AuthorizationDetails> => {
    details ??= iam.readAuthorizationDetails();
    const { roles, managedPolicies } = await details;
    return { roles: [...roles], managedPolicies: new Map(managedPolicies) };
  };
  return regional.map((reader) => {
    const shared: AccountReader = {
      identity: () => reader.identity(),
      readAuthorizationDetails: sharedDetails,
      getRole: (name) => iam.getRole(name),
      getManagedPolicy: (arn) => iam.getManagedPolicy(arn),
      listRolesWithPolicy: (arn) => iam.listRolesWithPolicy(arn),
      listFunctions: () => reader.listFunctions(),
      getFunctionConfiguration: (name) => reader.getFunctionConfiguration(name),
      getResourcePolicy: (name, qualifier) => reader.getResourcePolicy(name, qualifier),
      listFunctionUrlConfigs: (name) => reader.listFunctionUrlConfigs(name),
      listEventSourceMappings: (name) => reader.listEventSourceMappings(name),
    };
    if (reader.listFunctionVersions !== undefined) shared.listFunctionVersions = reader.listFunctionVersions.bind(reader);
    if (reader.listAliases !== undefined) shared.listAliases = reader.listAliases.bind(reader);
    return shared;
  });
}
