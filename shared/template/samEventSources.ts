/**
 * What SAM makes of a function's `Events`: resource-policy statements for push sources (the
 * AWS::Lambda::Permission SAM writes), event source mappings for poll sources, and the AWS managed
 * policy SAM adds to a generated role for each poll source.
 */
export type SamEvent =
  | { kind: 'permission'; principal: string; sourceArn?: unknown; sourceAccount?: unknown }
  | { kind: 'mapping'; eventSourceArn: unknown; managedPolicy?: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string };

const sub = (text: string): unknown => ({ 'Fn::Sub': text });

/** One event of `Events`, written with intrinsics (resolved by the caller). */
export function samEvent(type: string, properties: Record<string, unknown>, functionLogicalId: string, eventId: string): SamEvent {
  switch (type) {
    case 'S3':
      return {
        kind: 'permission',
        principal: 's3.amazonaws.com',
        sourceAccount: { Ref: 'AWS::AccountId' },
        sourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', properties.Bucket]] },
      };
    case 'SNS':
      return { kind: 'permission', principal: 'sns.amazonaws.com', sourceArn: properties.Topic };
    case 'Api': {
      const api = properties.RestApiId ?? 'ServerlessRestApi'; // SAM's implicit API, not in the template's Resources
      return { kind: 'permission', principal: 'apigateway.amazonaws.com', sourceArn: apiArn(api) };
    }
    case 'HttpApi': {
      const api = properties.ApiId ?? 'ServerlessHttpApi';
      return { kind: 'permission', principal: 'apigateway.amazonaws.com', sourceArn: apiArn(api) };
    }
    case 'Schedule':
    case 'EventBridgeRule':
    case 'CloudWatchEvent':
      return {
        kind: 'permission',
        principal: 'events.amazonaws.com',
        // SAM names the rule <stack>-<Function><Event>-<suffix>.
        sourceArn: sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/\${AWS::StackName}-${functionLogicalId}${eventId}-*`),
      };
    case 'ScheduleV2':
      return { kind: 'none' }; // EventBridge Scheduler invokes through its own role, not the resource policy
    case 'CloudWatchLogs':
      return {
        kind: 'permission',
        principal: 'logs.amazonaws.com',
        sourceArn: { 'Fn::Sub': ['arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${Group}:*', { Group: properties.LogGroupName }] },
      };
    case 'IoTRule':
      return {
        kind: 'permission',
        principal: 'iot.amazonaws.com',
        sourceAccount: { Ref: 'AWS::AccountId' },
        sourceArn: sub(`arn:\${AWS::Partition}:iot:\${AWS::Region}:\${AWS::AccountId}:rule/${functionLogicalId}${eventId}*`),
      };
    case 'Cognito':
      return { kind: 'permission', principal: 'cognito-idp.amazonaws.com', sourceArn: { 'Fn::GetAtt': [refName(properties.UserPool), 'Arn'] } };
    case 'SQS':
      return { kind: 'mapping', eventSourceArn: properties.Queue, managedPolicy: 'service-role/AWSLambdaSQSQueueExecutionRole' };
    case 'Kinesis':
      return { kind: 'mapping', eventSourceArn: properties.Stream, managedPolicy: 'service-role/AWSLambdaKinesisExecutionRole' };
    case 'DynamoDB':
      return { kind: 'mapping', eventSourceArn: properties.Stream, managedPolicy: 'service-role/AWSLambdaDynamoDBExecutionRole' };
    case 'MSK':
      return { kind: 'mapping', eventSourceArn: properties.Stream, managedPolicy: 'service-role/AWSLambdaMSKExecutionRole' };
    default:
      return { kind: 'unknown', reason: `event type ${type} is not modelled by keycard scan` };
  }
}

function apiArn(api: unknown): unknown {
  return { 'Fn::Sub': ['arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*', { Api: api }] };
}

function refName(value: unknown): string {
  return typeof value === 'object' && value !== null && 'Ref' in value ? String((value as { Ref: unknown }).Ref) : String(value);
}
