/**
 * `npm run invoke -- <function> <event.json>`: runs `functions/<function>/index.ts` locally, like
 * `sam local invoke` without Docker, with the ambient AWS credentials and AWS_ENDPOINT_URL. The
 * environment comes from template.yaml where it is known before deploying (literals, parameter
 * defaults); what the shell already sets wins. Prints the handler's JSON result.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { InvokeError } from './invoke/errors.ts';
import { invokeContext, regionFromEnv } from './invoke/invokeContext.ts';
import { localOnlyEnvironment } from './invoke/localOnlyEnvironment.ts';
import { parseInvokeArgs } from './invoke/parseInvokeArgs.ts';
import { templateEnvironment } from './invoke/templateEnvironment.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

async function main(): Promise<void> {
  const args = parseInvokeArgs(process.argv.slice(2), repoRoot);
  const fromTemplate = templateEnvironment(`${repoRoot}template.yaml`, args.functionName);
  for (const [name, value] of Object.entries(fromTemplate.variables)) process.env[name] ??= value;
  const local = localOnlyEnvironment(process.env);
  Object.assign(process.env, local.variables);
  for (const note of local.notes) console.error(`note: ${note}`);
  const missing = fromTemplate.unresolved.filter((name) => process.env[name] === undefined);
  if (missing.length > 0) {
    console.error(`note: ${missing.join(', ')} only exist(s) once the stack is deployed; export them to use a deployed stack's resources.`);
  }
  const region = regionFromEnv(process.env);
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? `keycard-${args.functionName}`;
  process.env.AWS_LAMBDA_FUNCTION_NAME = functionName;
  const accountId = process.env.AWS_ACCOUNT_ID ?? (await callerAccount(region));
  const context = invokeContext({ functionName, region, accountId });

  // Imported only now: the handler reads its configuration at module load, as on a cold start.
  const module = (await import(pathToFileURL(args.handlerPath).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
  const result = await module.handler(args.event, context);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

async function callerAccount(region: string): Promise<string> {
  try {
    const { Account } = await new STSClient({ region }).send(new GetCallerIdentityCommand({}));
    if (Account === undefined) throw new Error('GetCallerIdentity returned no Account');
    return Account;
  } catch (error) {
    throw new InvokeError(
      `cannot tell the account id (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}); set AWS_ACCOUNT_ID or configure AWS credentials.`,
      { cause: error },
    );
  }
}

main().catch((error: unknown) => {
  // Known failures (usage, configuration) as one line; anything unexpected with its stack.
  if (error instanceof InvokeError) console.error(`invoke: ${error.message}`);
  else if (error instanceof Error && error.name === 'ConfigurationError') console.error(`invoke: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
});
