import type { AccountReader } from '../AccountReader.ts';
import { AccountReadError, withSource } from '../errors.ts';
import { snapshotLayout } from './snapshotLayout.ts';

/**
 * A region folder's reader (a snapshot of several regions: `iam/` beside one folder per region)
 * whose Lambda read errors name the file from the snapshot's top, region folder included
 * (`eu-west-1/lambda/functions.json`), so a user can tell which region's file is wrong. IAM reads
 * (the shared `iam/`) are passed through as they are.
 */
export function inRegionFolder(reader: AccountReader, folder: string): AccountReader {
  const located = <A extends unknown[], R>(read: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await read(...args);
    } catch (error) {
      // identity() may fail on the shared iam/ file: that one has no region folder.
      const shared = (source: string) => source === snapshotLayout.authorizationDetails.path || source.startsWith(`${folder}/`);
      if (error instanceof AccountReadError && !shared(error.source)) throw withSource(error, `${folder}/${error.source}`);
      throw error;
    }
  };
  const wrapped: AccountReader = {
    identity: located(() => reader.identity()),
    readAuthorizationDetails: () => reader.readAuthorizationDetails(),
    getRole: (name) => reader.getRole(name),
    getManagedPolicy: (arn) => reader.getManagedPolicy(arn),
    listRolesWithPolicy: (arn) => reader.listRolesWithPolicy(arn),
    listFunctions: located(() => reader.listFunctions()),
    getFunctionConfiguration: located((name: string) => reader.getFunctionConfiguration(name)),
    getResourcePolicy: located((name: string, qualifier?: string) => reader.getResourcePolicy(name, qualifier)),
    listFunctionUrlConfigs: located((name: string) => reader.listFunctionUrlConfigs(name)),
    listEventSourceMappings: located((name?: string) => reader.listEventSourceMappings(name)),
  };
  if (reader.listFunctionVersions !== undefined) wrapped.listFunctionVersions = located(reader.listFunctionVersions.bind(reader));
  if (reader.listAliases !== undefined) wrapped.listAliases = located(reader.listAliases.bind(reader));
  return wrapped;
}
