/** The parts of a Lambda function ARN. */
export interface LambdaArnParts {
  partition: string;
  region: string;
  accountId: string;
  functionName: string;
  /** Version or alias (`1`, `prod`, `$LATEST`), when the ARN is qualified. */
  qualifier?: string;
  /** The ARN without its qualifier: what a qualified ARN of the same function shares. */
  unqualifiedArn: string;
}

const FUNCTION_ARN = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;

/** `arn:aws:lambda:us-east-1:123456789012:function:orders:prod` -> parts; undefined if not a function ARN. */
export function parseLambdaArn(arn: string): LambdaArnParts | undefined {
  const match = FUNCTION_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', region = '', accountId = '', functionName = '', qualifier] = match;
  return {
    partition,
    region,
    accountId,
    functionName,
    ...(qualifier !== undefined ? { qualifier } : {}),
    unqualifiedArn: `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}`,
  };
}
