/**
 * `npm run invoke -- --stack NAME`: the deployed stack's outputs and parameter values
 * (CloudFormation DescribeStacks), from which the handler's environment is filled as deployed.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { InvokeError } from './errors.ts';

export interface DeployedStack {
  name: string;
  region: string;
  /** The account the stack is in (from its StackId). */
  accountId?: string;
  outputs: Record<string, string>;
  /** Parameter values as deployed; NoEcho ones (shown as `****`) are left out. */
  parameters: Record<string, string>;
}

export async function readStack(client: CloudFormationClient, name: string, region: string): Promise<DeployedStack> {
  let stack;
  try {
    stack = (await client.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new InvokeError(`--stack ${name}: cannot read the stack in ${region} (${detail}); ${whatToDo(error)}`, { cause: error });
  }
  if (stack === undefined) throw new InvokeError(`--stack ${name}: DescribeStacks returned no stack in ${region}.`);
  const outputs: Record<string, string> = {};
  for (const output of stack.Outputs ?? []) {
    if (output.OutputKey !== undefined && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  }
  const parameters: Record<string, string> = {};
  for (const parameter of stack.Parameters ?? []) {
    const value = parameter.ResolvedValue ?? parameter.ParameterValue;
    if (parameter.ParameterKey !== undefined && value !== undefined && value !== '****') parameters[parameter.ParameterKey] = value;
  }
  const accountId = /^arn:[^:]+:cloudformation:[^:]+:(\d{12}):/.exec(stack.StackId ?? '')?.[1];
  return { name, region, ...(accountId === undefined ? {} : { accountId }), outputs, parameters };
}

function whatToDo(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : '';
  if (/does not exist/i.test(message)) return `use the stack_name of samconfig.toml and the region it was deployed to (AWS_REGION).`;
  if (name === 'CredentialsProviderError') return 'no AWS credentials: set AWS_PROFILE (after aws sso login for SSO) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  if (/AccessDenied/i.test(name)) return 'the credentials need cloudformation:DescribeStacks on the stack.';
  return 'check the credentials, AWS_REGION and the network, and run again.';
}
