/**
 * The snapshot directory format (a public contract): where each AWS CLI output lives, relative to
 * the snapshot root, and how to make it. Shared by the reader and by whoever writes snapshots, so
 * the two cannot drift.
 */
export const snapshotLayout = {
  authorizationDetails: {
    path: 'iam/authorization-details.json',
    expected:
      'the JSON output of `aws iam get-account-authorization-details` (an object with RoleDetailList and Policies, or a JSON array of such pages)',
    command: 'aws iam get-account-authorization-details',
  },
  functions: {
    path: 'lambda/functions.json',
    expected:
      'the JSON output of `aws lambda list-functions` (an object with a Functions array, or a JSON array of such pages)',
    command: 'aws lambda list-functions',
  },
  eventSourceMappings: {
    path: 'lambda/event-source-mappings.json',
    expected:
      'the JSON output of `aws lambda list-event-source-mappings` (an object with an EventSourceMappings array, or a JSON array of such pages)',
    command: 'aws lambda list-event-source-mappings',
  },
  resourcePolicies: {
    dir: 'lambda/policies',
    expected:
      'the JSON output of `aws lambda get-policy --function-name <name>` (an object with a Policy string)',
    command: 'aws lambda get-policy --function-name',
    /** `lambda/policies/<FunctionName>.json` */
    pathOf: (functionName: string): string => `lambda/policies/${functionName}.json`,
  },
  urlConfigs: {
    dir: 'lambda/url-configs',
    expected:
      'the JSON output of `aws lambda list-function-url-configs --function-name <name>` (an object with a FunctionUrlConfigs array)',
    command: 'aws lambda list-function-url-configs --function-name',
    /** `lambda/url-configs/<FunctionName>.json` */
    pathOf: (functionName: string): string => `lambda/url-configs/${functionName}.json`,
  },
} as const;
