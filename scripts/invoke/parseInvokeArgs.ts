/**
 * `npm run invoke -- <function> <event.json>`: which handler to run (a folder of `functions/`)
 * and the event file to give it. Checks both exist, so a typo fails before anything is imported.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvokeError } from './errors.ts';

export interface InvokeArgs {
  /** Folder name under `functions/`, e.g. `on-role-change`. */
  functionName: string;
  /** Absolute path of `functions/<name>/index.ts`. */
  handlerPath: string;
  /** Absolute path of the event file. */
  eventPath: string;
  event: unknown;
}

export const USAGE = 'usage: npm run invoke -- <function> <event.json>   e.g. npm run invoke -- on-role-change events/AttachRolePolicy.json';

export function parseInvokeArgs(argv: readonly string[], repoRoot: string, cwd: string = process.cwd()): InvokeArgs {
  const positional = argv.filter((arg) => arg !== '--');
  const [functionName, eventFile, ...extra] = positional;
  const available = listFunctions(repoRoot);
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
  return { functionName, handlerPath, eventPath, event };
}

function listFunctions(repoRoot: string): string[] {
  const dir = join(repoRoot, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}
