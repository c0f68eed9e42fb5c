/**
 * Every read a handler sent, as the IAM action and the resource it acts on, from what aws-sdk-client-mock
 * recorded (with each Lambda client's region), so a test can ask a template role's policies about each.
 * Publishing and the self-invoke are other policies' concern and left out.
 */
import { ListRegionsCommand } from '@aws-sdk/client-account';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';
import { expect, it } from 'vitest';
import { evaluateIdentityPolicies } from '../../shared/policy/index.ts';
import type { AwsMock } from '../support/mockAwsAccount.ts';
import { templateRoles } from './templateRoles.ts';

export interface Call {
  action: string;
  resource: string;
}

const ACCOUNT = '111122223333';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readsSent(aws: AwsMock, regionsMock: AwsStub<any, any, any>): Promise<Call[]> {
  const calls: Call[] = [];
  const services = { iam: aws.stubs.iam, lambda: aws.stubs.lambda, sts: aws.stubs.sts, cloudtrail: aws.stubs.cloudtrail, organizations: aws.stubs.organizations };
  for (const [service, stub] of Object.entries(services)) {
    for (const call of stub.calls()) {
      const operation = (call.args[0] as object).constructor.name.replace(/Command$/, '');
      if (service === 'lambda' && operation === 'Invoke') continue;
      const input = (call.args[0] as { input: Record<string, string | undefined> }).input;
      let resource = '*';
      if (service === 'lambda' && input.FunctionName !== undefined) {
        const region = await (call.thisValue as LambdaClient).config.region();
        const base = input.FunctionName.startsWith('arn:') ? input.FunctionName : `arn:aws:lambda:${region}:${ACCOUNT}:function:${input.FunctionName}`;
        resource = input.Qualifier === undefined ? base : `${base}:${input.Qualifier}`;
      }
      if (service === 'iam' && input.RoleName !== undefined) resource = `arn:aws:iam::${ACCOUNT}:role/${input.RoleName}`;
      if (service === 'iam' && input.PolicyArn !== undefined) resource = input.PolicyArn;
      if (service === 'cloudtrail' && input.TrailName !== undefined) resource = input.TrailName;
      if (service === 'cloudtrail' && input.Name !== undefined) resource = input.Name;
      calls.push({ action: `${service}:${operation}`, resource });
    }
  }
  for (const _ of regionsMock.commandCalls(ListRegionsCommand)) calls.push({ action: 'account:ListRegions', resource: `arn:aws:account::${ACCOUNT}:account` });
  return calls;
}

/**
 * The two cases every "role covers its calls" test makes, inside its describe: the template role
 * (WatchedRegions=all) allows each recorded read on its resource, and account:ListRegions only
 * because of WatchedRegions=all.
 */
export function itAllowsEveryReadSent(logicalId: string, sent: () => Call[]): void {
  const policiesOf = (parameters: Record<string, string>) => templateRoles(parameters).find((r) => r.logicalId === logicalId)!.facts.policies;
  const watchingAll = policiesOf({ WatchedRegions: 'all' });
  const decision = (call: Call) => evaluateIdentityPolicies({ action: call.action, resource: call.resource }, watchingAll).decision;

  it('allows every one of them on its resource', () => {
    const denied = [...new Set(sent().filter((call) => decision(call) !== 'Allowed').map((c) => `${c.action} on ${c.resource}`))];
    expect(denied).toEqual([]);
  });

  it('would not list the regions without WatchedRegions=all', () => {
    const listRegions = { action: 'account:ListRegions', resource: `arn:aws:account::${ACCOUNT}:account` };
    expect(evaluateIdentityPolicies(listRegions, policiesOf({})).decision).not.toBe('Allowed');
    expect(decision(listRegions)).toBe('Allowed');
  });
}
