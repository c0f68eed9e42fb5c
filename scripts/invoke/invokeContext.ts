/**
 * A Lambda context as the runtime builds one, for running a handler locally: the function's name
 * and ARN (region from the environment, account from the environment or STS), a request id, and
 * getRemainingTimeInMillis counting down from a 15-minute budget (Lambda's maximum timeout).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { InvokeError } from './errors.ts';

export const DEFAULT_BUDGET_MS = 15 * 60 * 1000;

export interface InvokeContextOptions {
  functionName: string;
  region: string;
  accountId: string;
  memoryMb?: number;
  budgetMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

export function invokeContext(options: InvokeContextOptions): Context {
  if (!/^\d{12}$/.test(options.accountId)) throw new InvokeError(`account id "${options.accountId}" is not 12 digits; set AWS_ACCOUNT_ID or fix your credentials.`);
  const now = options.now ?? Date.now;
  const deadline = now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const partition = options.region.startsWith('cn-') ? 'aws-cn' : options.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:${partition}:lambda:${options.region}:${options.accountId}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb ?? 512),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${new Date(now()).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The region the SDK would use: AWS_REGION, then AWS_DEFAULT_REGION; undefined when neither is set. */
export function regionFromEnv(env: Record<string, string | undefined>): string | undefined {
  return env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
}
