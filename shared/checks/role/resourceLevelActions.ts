/**
 * Actions known to accept resource-level permissions (an ARN in `Resource`), from the AWS Service
 * Authorization Reference, for the services Lambda functions use most. Deliberately a positive list:
 * a `Resource: "*"` statement is flagged only when it covers at least one of these, so actions that
 * only work on `*` (s3:ListAllMyBuckets, xray:PutTraceSegments, ec2:Describe*, cloudwatch:PutMetricData,
 * ecr:GetAuthorizationToken, ...) and services not listed here are never flagged.
 */
const BY_SERVICE: Record<string, string[]> = {
  s3: [
    'GetObject', 'PutObject', 'DeleteObject', 'GetObjectVersion', 'DeleteObjectVersion', 'ListBucket', 'ListBucketVersions',
    'GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy', 'CreateBucket', 'DeleteBucket', 'GetBucketLocation',
    'PutBucketAcl', 'PutObjectAcl', 'GetObjectAcl', 'AbortMultipartUpload', 'ListMultipartUploadParts',
    'PutLifecycleConfiguration', 'PutBucketNotification', 'GetObjectTagging', 'PutObjectTagging', 'RestoreObject',
  ],
  dynamodb: [
    'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem',
    'DescribeTable', 'CreateTable', 'DeleteTable', 'UpdateTable', 'DescribeStream', 'GetRecords', 'GetShardIterator',
    'PartiQLSelect', 'PartiQLInsert', 'PartiQLUpdate', 'PartiQLDelete', 'CreateBackup', 'RestoreTableFromBackup',
    'ExportTableToPointInTime', 'UpdateTimeToLive',
  ],
  sqs: [
    'SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'SetQueueAttributes', 'GetQueueUrl',
    'ChangeMessageVisibility', 'PurgeQueue', 'DeleteQueue', 'CreateQueue', 'AddPermission', 'RemovePermission', 'TagQueue',
  ],
  sns: [
    'Publish', 'Subscribe', 'CreateTopic', 'DeleteTopic', 'SetTopicAttributes', 'GetTopicAttributes', 'AddPermission',
    'RemovePermission', 'ListSubscriptionsByTopic',
  ],
  kms: [
    'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'ReEncryptFrom',
    'ReEncryptTo', 'DescribeKey', 'Sign', 'Verify', 'GenerateMac', 'GetPublicKey', 'ScheduleKeyDeletion', 'DisableKey',
    'EnableKey', 'PutKeyPolicy', 'GetKeyPolicy', 'CreateGrant', 'RevokeGrant',
  ],
  secretsmanager: [
    'GetSecretValue', 'PutSecretValue', 'DescribeSecret', 'UpdateSecret', 'DeleteSecret', 'RotateSecret', 'CreateSecret',
    'GetResourcePolicy', 'PutResourcePolicy', 'RestoreSecret', 'ListSecretVersionIds', 'TagResource',
  ],
  ssm: [
    'GetParameter', 'GetParameters', 'GetParametersByPath', 'PutParameter', 'DeleteParameter', 'DeleteParameters',
    'GetParameterHistory', 'LabelParameterVersion', 'SendCommand', 'StartSession',
  ],
  lambda: [
    'InvokeFunction', 'InvokeAsync', 'UpdateFunctionCode', 'UpdateFunctionConfiguration', 'CreateFunction', 'DeleteFunction',
    'GetFunction', 'GetFunctionConfiguration', 'AddPermission', 'RemovePermission', 'PublishVersion', 'CreateAlias',
    'UpdateAlias', 'PutFunctionConcurrency', 'GetPolicy', 'CreateFunctionUrlConfig', 'UpdateFunctionUrlConfig',
    'PublishLayerVersion', 'GetLayerVersion',
  ],
  kinesis: [
    'PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator', 'DescribeStream', 'DescribeStreamSummary', 'ListShards',
    'SubscribeToShard', 'CreateStream', 'DeleteStream', 'MergeShards', 'SplitShard',
  ],
  firehose: ['PutRecord', 'PutRecordBatch', 'DeleteDeliveryStream', 'UpdateDestination'],
  states: ['StartExecution', 'StartSyncExecution', 'StopExecution', 'DescribeExecution', 'DescribeStateMachine', 'UpdateStateMachine', 'DeleteStateMachine'],
  events: ['PutEvents', 'PutRule', 'PutTargets', 'DeleteRule', 'RemoveTargets', 'DescribeRule', 'EnableRule', 'DisableRule'],
  iam: [
    'PassRole', 'GetRole', 'CreateRole', 'DeleteRole', 'AttachRolePolicy', 'DetachRolePolicy', 'PutRolePolicy',
    'DeleteRolePolicy', 'UpdateAssumeRolePolicy', 'CreateUser', 'DeleteUser', 'GetUser', 'CreateAccessKey',
    'AttachUserPolicy', 'PutUserPolicy', 'CreatePolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicy',
    'GetPolicy', 'GetPolicyVersion', 'AddUserToGroup', 'CreateLoginProfile', 'UpdateLoginProfile', 'TagRole',
  ],
  sts: ['AssumeRole', 'TagSession'],
  ecr: [
    'BatchGetImage', 'GetDownloadUrlForLayer', 'BatchCheckLayerAvailability', 'PutImage', 'InitiateLayerUpload',
    'UploadLayerPart', 'CompleteLayerUpload', 'DescribeImages', 'BatchDeleteImage', 'DeleteRepository',
  ],
  logs: [
    'CreateLogGroup', 'CreateLogStream', 'PutLogEvents', 'DeleteLogGroup', 'DeleteLogStream', 'GetLogEvents',
    'FilterLogEvents', 'PutRetentionPolicy', 'PutSubscriptionFilter', 'StartQuery',
  ],
  elasticfilesystem: ['ClientMount', 'ClientWrite', 'ClientRootAccess', 'DeleteFileSystem'],
  ec2: [
    'RunInstances', 'TerminateInstances', 'StopInstances', 'StartInstances', 'RebootInstances', 'CreateTags', 'DeleteTags',
    'AttachVolume', 'DetachVolume', 'DeleteVolume', 'CreateSnapshot', 'DeleteSnapshot', 'ModifyInstanceAttribute',
    'AuthorizeSecurityGroupIngress', 'RevokeSecurityGroupIngress', 'DeleteSecurityGroup', 'CreateNetworkInterface',
    'DeleteNetworkInterface', 'AssignPrivateIpAddresses', 'UnassignPrivateIpAddresses',
  ],
  rds: ['DeleteDBInstance', 'ModifyDBInstance', 'CreateDBSnapshot', 'DeleteDBCluster', 'RebootDBInstance', 'StopDBInstance', 'StartDBInstance'],
  'rds-db': ['connect'],
  'rds-data': ['ExecuteStatement', 'BatchExecuteStatement', 'BeginTransaction', 'CommitTransaction'],
  'execute-api': ['Invoke', 'ManageConnections'],
  ses: ['SendEmail', 'SendRawEmail', 'SendTemplatedEmail'],
  cloudwatch: ['PutMetricAlarm', 'DeleteAlarms', 'SetAlarmState'],
};

/**
 * Actions Lambda itself uses on `*` (the managed execution policies grant them so): writing logs,
 * X-Ray, VPC network interfaces. `Resource: "*"` on these is not a finding.
 */
export const LAMBDA_STAR_ACTIONS = new Set(
  [
    'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
    'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
  ].map((a) => a.toLowerCase()),
);

/** `service:Action` names accepting resource-level permissions, minus what Lambda needs on `*`. */
export const RESOURCE_LEVEL_ACTIONS: readonly string[] = Object.entries(BY_SERVICE)
  .flatMap(([svc, actions]) => actions.map((a) => `${svc}:${a}`))
  .filter((a) => !LAMBDA_STAR_ACTIONS.has(a.toLowerCase()));
