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
  /** Optional (issue 11): without it, aliases and published versions are not seen (reported once). */
  functionVersions: {
    path: 'lambda/function-versions.json',
    expected:
      'the JSON output of `aws lambda list-functions --function-version ALL` (an object with a Functions array listing every version, $LATEST included, or a JSON array of such pages)',
    command: 'aws lambda list-functions --function-version ALL',
  },
  aliases: {
    dir: 'lambda/aliases',
    expected: 'the JSON output of `aws lambda list-aliases --function-name <name>` (an object with an Aliases array)',
    command: 'aws lambda list-aliases --function-name',
    /** `lambda/aliases/<FunctionName>.json`; no file: no aliases. */
    pathOf: (functionName: string): string => `lambda/aliases/${functionName}.json`,
  },
  qualifierPolicies: {
    dir: 'lambda/qualifier-policies',
    expected:
      'the JSON output of `aws lambda get-policy --function-name <name> --qualifier <alias or version>` (an object with a Policy string)',
    command: 'aws lambda get-policy --function-name',
    /** `lambda/qualifier-policies/<FunctionName>.<Qualifier>.json` (`.` is in neither name); no file: no policy. */
    fileOf: (functionName: string, qualifier: string): string => `${functionName}.${qualifier}.json`,
    pathOf: (functionName: string, qualifier: string): string => `lambda/qualifier-policies/${functionName}.${qualifier}.json`,
  },
} as const;
