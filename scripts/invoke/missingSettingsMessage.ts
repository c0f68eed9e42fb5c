/** One message naming everything a local run lacks, where each value is found, and the command that finds them all. */
import type { InvokeArgs } from './parseInvokeArgs.ts';
import type { MissingSetting } from './invokeEnvironment.ts';

/** samconfig.toml's stack_name: the stack `sam deploy` creates. */
const DEFAULT_STACK = 'keycard';

export function missingSettingsMessage(args: Pick<InvokeArgs, 'functionName' | 'eventFile' | 'stack'>, missing: readonly MissingSetting[]): string {
  const width = Math.max(...missing.map((setting) => setting.name.length));
  const lines = [
    `${args.functionName} cannot run yet: ${missing.length} setting${missing.length === 1 ? '' : 's'} missing. Set in your shell (export NAME=value):`,
    ...missing.map((setting) => `  ${setting.name.padEnd(width)}  ${setting.where}`),
  ];
  const needsRegion = missing.some((setting) => setting.name === 'AWS_REGION');
  const fromStack = missing.some((setting) => / output /.test(setting.where));
  if (args.stack === undefined && fromStack) {
    const region = needsRegion ? 'AWS_REGION=us-east-1 ' : '';
    lines.push(
      `Or let invoke read the outputs of the deployed stack (${DEFAULT_STACK} is samconfig.toml's stack_name; use the region you deployed to):`,
      `  ${region}npm run invoke -- --stack ${DEFAULT_STACK} ${args.functionName} ${shellWord(args.eventFile)}`,
      `They are listed by: aws cloudformation describe-stacks --stack-name ${DEFAULT_STACK} --query 'Stacks[0].Outputs'`,
    );
  }
  return lines.join('\n');
}

/** A word the shell reads back unchanged. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
