/**
 * `npm run invoke -- [--stack NAME] <function> <event.json>`: which handler to run (a folder of
 * `functions/`), the event file to give it, and optionally the deployed stack whose outputs and
 * parameters fill the handler's environment. Checks the files exist, so a typo fails before
 * anything is imported.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvokeError } from './errors.ts';

export interface InvokeArgs {
  /** Folder name under `functions/`, e.g. `on-role-change`. */
  functionName: string;
  /** Absolute path of `functions/<name>/index.ts`. */
  handlerPath: string;
  /** The event file as given (for messages that repeat the command). */
  eventFile: string;
  /** Absolute path of the event file. */
  eventPath: string;
  event: unknown;
  /** `--stack NAME`: read the environment from this deployed CloudFormation stack. */
  stack?: string;
}

export const USAGE =
  'usage: npm run invoke -- [--stack NAME] <function> <event.json>   e.g. npm run invoke -- --stack keycard on-role-change events/AttachRolePolicy.json';

export function parseInvokeArgs(argv: readonly string[], repoRoot: string, cwd: string = process.cwd()): InvokeArgs {
  const available = listFunctions(repoRoot);
  const { stack, positionals } = parseFlags(argv, available);
  const [functionName, eventFile, ...extra] = positionals;
  if (functionName === undefined || eventFile === undefined || extra.length > 0) {
    throw new InvokeError(`${USAGE}\nfunctions: ${available.join(', ')}`);
  }
  const handlerPath = join(repoRoot, 'functions', functionName, 'index.ts');
  if (!/^[a-z0-9-]+$/.test(functionName) || !existsSync(handlerPath)) {
    throw new InvokeError(`no function "${functionName}": expected functions/${functionName}/index.ts. Choose one of: ${available.join(', ')}.`);
  }
  const eventPath = resolve(cwd, eventFile);
  if (!existsSync(eventPath)) {
    throw new InvokeError(`event file ${eventFile} not found (looked at ${eventPath}); the samples are in events/, e.g. events/AttachRolePolicy.json.`);
  }
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    throw new InvokeError(`event file ${eventFile} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
  return { functionName, handlerPath, eventFile, eventPath, event, ...(stack === undefined ? {} : { stack }) };
}

function parseFlags(argv: readonly string[], available: string[]): { stack?: string; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { stack: { type: 'string', multiple: true } }, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InvokeError(`${message}\n${USAGE}\nfunctions: ${available.join(', ')}`, { cause: error });
  }
  const stacks = parsed.values.stack ?? [];
  if (stacks.length > 1) throw new InvokeError(`--stack is given ${stacks.length} times; give it once.\n${USAGE}`);
  const stack = stacks[0];
  // CloudFormation stack names: a letter, then letters, digits and hyphens, at most 128 characters.
  if (stack !== undefined && !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stack)) {
    throw new InvokeError(`--stack "${stack}" is not a CloudFormation stack name (a letter, then letters, digits and hyphens); e.g. --stack keycard.`);
  }
  return { ...(stack === undefined ? {} : { stack }), positionals: parsed.positionals };
}

function listFunctions(repoRoot: string): string[] {
  const dir = join(repoRoot, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}
