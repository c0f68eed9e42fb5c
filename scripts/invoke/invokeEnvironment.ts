/**
 * The environment a local run gives the handler, as close to the deployed one as can be known:
 * template.yaml's literals and parameter defaults; with `--stack`, the deployed stack's parameter
 * values and outputs in their place; what the shell sets wins over both. What is still unknown is
 * returned as `missing`, each with where its value is found, so one message can name them all.
 */
import { localOnlyEnvironment } from './localOnlyEnvironment.ts';
import type { DeployedStack } from './readStack.ts';
import type { TemplateEnvironment } from './templateEnvironment.ts';

export interface MissingSetting {
  /** An environment variable (or `AWS credentials`). */
  name: string;
  /** Where its value comes from, or what is wrong with it. */
  where: string;
}

export interface InvokeEnvironment {
  /** Variables to set (the shell's own are never overwritten, so not listed). */
  variables: Record<string, string>;
  missing: MissingSetting[];
  notes: string[];
}

type Env = Record<string, string | undefined>;

export function invokeEnvironment(template: TemplateEnvironment, shell: Env, functionFolder: string, stack?: DeployedStack): InvokeEnvironment {
  const deployed: Record<string, string> = { ...template.variables };
  for (const [name, source] of Object.entries(template.sources)) {
    const value = source.output !== undefined ? stack?.outputs[source.output] : source.parameter !== undefined ? stack?.parameters[source.parameter] : undefined;
    if (value !== undefined) deployed[name] = value;
  }
  const functionName = template.functionNameOutput === undefined ? undefined : stack?.outputs[template.functionNameOutput];
  deployed.AWS_LAMBDA_FUNCTION_NAME = functionName ?? `keycard-${functionFolder}`;

  const merged: Env = { ...deployed, ...definedOnly(shell) };
  const local = localOnlyEnvironment(merged);
  Object.assign(merged, local.variables);
  const variables = Object.fromEntries(
    Object.entries({ ...deployed, ...local.variables }).filter(([name]) => shell[name] === undefined),
  );

  const missing = template.unresolved
    .filter((name) => merged[name] === undefined)
    .map((name) => ({ name, where: whereToFind(name, template, stack) }));
  const notes = [...local.notes];
  if (stack !== undefined && shell.IDEMPOTENCY_TABLE_NAME === undefined && merged.IDEMPOTENCY_TABLE_NAME === stack.outputs.IdempotencyTableName) {
    notes.push(
      `using stack ${stack.name}'s idempotency table: an event id it has already processed returns the stored result; run with POWERTOOLS_IDEMPOTENCY_DISABLED=true to evaluate it again.`,
    );
  }
  return { variables, missing, notes };
}

function whereToFind(name: string, template: TemplateEnvironment, stack: DeployedStack | undefined): string {
  const output = template.sources[name]?.output;
  if (output === undefined) return `only known once deployed (template.yaml sets ${name} from a stack resource)`;
  if (stack === undefined) return `the deployed stack's output ${output}`;
  return `stack ${stack.name} has no output ${output} (deployed from an older template.yaml? sam build && sam deploy)`;
}

function definedOnly(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
