/**
 * `npm run invoke -- [--stack NAME] <function> <event.json>`: runs `functions/<function>/index.ts`
 * locally, like `sam local invoke` without Docker, with the ambient AWS credentials and
 * AWS_ENDPOINT_URL. The environment comes from template.yaml where it is known before deploying
 * (literals, parameter defaults) and, with `--stack`, from the deployed stack's outputs and
 * parameters; what the shell already sets wins. Everything still missing is named in one message
 * (scripts/invoke/prepareInvoke.ts). Prints the handler's JSON result.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InvokeError } from './invoke/errors.ts';
import { prepareInvoke } from './invoke/prepareInvoke.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

async function main(): Promise<void> {
  const { args, variables, notes, context } = await prepareInvoke(process.argv.slice(2), process.env, repoRoot);
  Object.assign(process.env, variables);
  for (const note of notes) console.error(`note: ${note}`);
  // Imported only now: the handler reads its configuration at module load, as on a cold start.
  const module = (await import(pathToFileURL(args.handlerPath).href)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
  const result = await module.handler(args.event, context);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  // Known failures (usage, configuration, a stack that cannot be read) as they are; anything else
  // as one line too, with the stack trace only when asked for.
  if (error instanceof InvokeError) {
    console.error(`invoke: ${error.message}`);
  } else {
    console.error(`invoke: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    console.error(process.env.KEYCARD_DEBUG && error instanceof Error ? error.stack : 'invoke: set KEYCARD_DEBUG=1 to see the stack trace');
  }
  process.exitCode = 1;
});
