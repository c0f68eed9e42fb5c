/**
 * Everything `npm run invoke` works out before it imports the handler: the arguments, the
 * environment (template.yaml, then `--stack`'s outputs and parameters, then the shell), the account
 * and the Lambda context. Whatever is missing, anywhere, ends in one InvokeError naming all of it.
 */
import type { Context } from 'aws-lambda';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigurationError } from '../../shared/pipeline/errors.ts';
import { readHandlerConfig } from '../../shared/pipeline/HandlerConfig.ts';
import { InvokeError } from './errors.ts';
import { invokeContext, regionFromEnv } from './invokeContext.ts';
import { invokeEnvironment } from './invokeEnvironment.ts';
import type { MissingSetting } from './invokeEnvironment.ts';
import { missingSettingsMessage } from './missingSettingsMessage.ts';
import { parseInvokeArgs } from './parseInvokeArgs.ts';
import type { InvokeArgs } from './parseInvokeArgs.ts';
import { readStack } from './readStack.ts';
import { templateEnvironment } from './templateEnvironment.ts';

export interface PreparedInvoke {
  args: InvokeArgs;
  /** To add to the process environment before the handler is imported (the shell's own excluded). */
  variables: Record<string, string>;
  notes: string[];
  context: Context;
}

export async function prepareInvoke(argv: readonly string[], env: Record<string, string | undefined>, repoRoot: string, cwd?: string): Promise<PreparedInvoke> {
  const args = parseInvokeArgs(argv, repoRoot, cwd);
  const template = templateEnvironment(`${repoRoot}template.yaml`, args.functionName);
  const missing: MissingSetting[] = [];
  const region = regionFromEnv(env);
  if (region === undefined) {
    missing.push({ name: 'AWS_REGION', where: `the region ${args.stack === undefined ? 'the stack is' : `stack ${args.stack} is`} deployed in, e.g. us-east-1` });
  }
  const stack = args.stack !== undefined && region !== undefined ? await readStack(new CloudFormationClient({ region }), args.stack, region) : undefined;
  const environment = invokeEnvironment(template, env, args.functionName, stack);
  // With --stack but no region yet, the stack will supply the rest once the region is known.
  if (!(args.stack !== undefined && region === undefined)) missing.push(...environment.missing);
  const accountId = env.AWS_ACCOUNT_ID ?? stack?.accountId ?? (await callerAccount(region, missing));
  if (missing.length === 0) missing.push(...configurationProblems({ ...env, ...environment.variables }));
  if (missing.length > 0 || region === undefined || accountId === undefined) throw new InvokeError(missingSettingsMessage(args, missing));

  const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? (environment.variables.AWS_LAMBDA_FUNCTION_NAME as string);
  return { args, variables: environment.variables, notes: environment.notes, context: invokeContext({ functionName, region, accountId }) };
}

/** The account of the ambient credentials; a failure is one more missing setting, not a stop. */
async function callerAccount(region: string | undefined, missing: MissingSetting[]): Promise<string | undefined> {
  // Without a region no call can be made: only check that credentials resolve.
  const sts = new STSClient({ region: region ?? 'us-east-1' });
  try {
    if (region === undefined) {
      await sts.config.credentials();
      return undefined;
    }
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (Account === undefined) throw new Error('GetCallerIdentity returned no Account');
    return Account;
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    missing.push({
      name: 'AWS credentials',
      where: `none usable (${detail}): set AWS_PROFILE (after aws sso login for SSO) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    });
    return undefined;
  }
}

/** Values the handler would refuse at cold start (a malformed TRUSTED_ACCOUNT_IDS, say), said the same way. */
function configurationProblems(env: Record<string, string | undefined>): MissingSetting[] {
  try {
    readHandlerConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return [{ name: error.variable, where: error.problem }];
  }
}
