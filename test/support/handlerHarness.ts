/**
 * Loads a REAL handler (`functions/<name>/index.ts`) the way Lambda does: environment first, then a
 * fresh import, so module-scope configuration and SDK clients are built from that environment.
 * Plus the sample events of `events/`, a Lambda context, and the structured logs the handler wrote.
 */
import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';

export const TOPIC_ARN = 'arn:aws:sns:us-east-1:111122223333:keycard-findings';
export const OWN_ROLE_ARN = 'arn:aws:iam::111122223333:role/keycard-OnRoleChangeRole-1A2B3C4D5E6F';

/** What template.yaml sets, plus test-only settings: fake credentials, no visibility retry waits. */
export const BASE_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  FINDINGS_TOPIC_ARN: TOPIC_ARN,
  IDEMPOTENCY_TABLE_NAME: 'keycard-idempotency',
  OWN_ROLE_ARNS: OWN_ROLE_ARN,
  VISIBILITY_RETRY_DELAYS_MS: '0,0,0',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_METRICS_NAMESPACE: 'Keycard',
};

export type HandlerName = 'on-role-change' | 'on-function-change' | 'audit';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LambdaHandler = (event: unknown, context: Context) => Promise<any>;

export async function importHandler(name: HandlerName, env: Record<string, string> = {}): Promise<LambdaHandler> {
  vi.unstubAllEnvs();
  for (const [key, value] of Object.entries({ ...BASE_ENV, AWS_LAMBDA_FUNCTION_NAME: `keycard-${name}`, ...env })) vi.stubEnv(key, value);
  vi.resetModules();
  const module = (await import(`../../functions/${name}/index.ts`)) as { handler: LambdaHandler };
  return module.handler;
}

/** A sample event from `events/`, deep-copied so a test may change it. */
export function sampleEvent<T = Record<string, any>>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../events/${file}`, import.meta.url), 'utf8')) as T;
}

export function lambdaContext(name: string, remainingMs: () => number = () => 60_000): Context {
  const functionName = `keycard-${name}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:111122223333:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/29/[$LATEST]abcdef0123456789',
    getRemainingTimeInMillis: remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface LogLine {
  level: string;
  message: string;
  [key: string]: unknown;
}

/** Collects the JSON log lines Powertools writes (POWERTOOLS_DEV routes them to `console`). */
export function captureLogs(): { lines: LogLine[] } {
  const lines: LogLine[] = [];
  for (const method of ['debug', 'info', 'warn', 'error', 'log'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      const text = args.map(String).join(' ');
      try {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        if (typeof parsed.message === 'string') lines.push({ ...(parsed as LogLine), level: String(parsed.level ?? method) });
      } catch {
        // not a structured log line (e.g. metrics warnings)
      }
    });
  }
  return { lines };
}
