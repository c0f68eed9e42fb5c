/**
 * remediateFindings against IAM mocked in real shapes: one attachment for a role shared by several
 * functions, the "after" re-read from IAM, and an honest "not resolved" while IAM lags.
 */
import { AttachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveAccountReader } from '../../shared/account/live/createLiveAccountReader.ts';
import { evaluateAccount } from '../../shared/engine/evaluateAccount.ts';
import { readRoleChangeFacts } from '../../shared/pipeline/readRoleChangeFacts.ts';
import { remediateFindings } from '../../shared/pipeline/remediateFindings.ts';
import type { RemediationSettings } from '../../shared/remediation/RemediationPlan.ts';
import { account, BASIC_EXECUTION_ARN, BASIC_EXECUTION_POLICY } from '../support/MockAccount.ts';
import { createAwsMock } from '../support/mockAwsAccount.ts';

const aws = createAwsMock();
afterAll(() => aws.restore());
const identity = { accountId: '111122223333', region: 'us-east-1', partition: 'aws' };
const reader = () => createLiveAccountReader({ region: 'us-east-1', lambdaRate: Number.POSITIVE_INFINITY });
const settings: RemediationSettings = { mode: 'remediate', style: 'managed-policy', dryRun: false, exemptionTagKey: 'keycard:exempt', ownRoleArns: [] };
const iam = new IAMClient({ region: 'us-east-1' });

beforeEach(() => {
  aws.serve(
    account({
      roles: [{ name: 'shared-role', inline: { data: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] } } }],
      policies: [BASIC_EXECUTION_POLICY()],
      functions: [
        { name: 'a', role: 'shared-role' },
        { name: 'b', role: 'shared-role' },
        { name: 'c', role: 'shared-role' },
      ],
    }),
  );
});

async function findingsAndFacts() {
  const read = await readRoleChangeFacts(reader(), ['shared-role'], { identity, eventName: 'DetachRolePolicy', retryDelaysMs: [] });
  if (read.outcome !== 'evaluate') throw new Error(read.reason);
  return { facts: read.facts, findings: evaluateAccount(read.facts, { trustedAccountIds: [] }).findings };
}

describe('remediateFindings', () => {
  it('attaches once for a role shared by three functions and verifies each against the re-read role', async () => {
    const { facts, findings } = await findingsAndFacts();
    expect(findings.filter((f) => f.checkId === 'missing-log-permissions')).toHaveLength(3);
    const outcomes = await remediateFindings(findings, facts, { iam, reader: reader(), identity, settings, retryDelaysMs: [] });

    expect(aws.stubs.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(1);
    expect(outcomes.map((o) => o.action)).toEqual(['attach-managed-policy', 'not-needed', 'not-needed']);
    expect(outcomes[0]).toMatchObject({ applied: true, after: { resolved: true } });
  });

  it('reports "not resolved" after retrying while IAM does not show the change yet', async () => {
    const { facts, findings } = await findingsAndFacts();
    // IAM accepted the attachment but reads do not show it yet.
    aws.stubs.iam.on(AttachRolePolicyCommand).resolves({});
    const waits: number[] = [];
    const outcomes = await remediateFindings(findings.slice(0, 1), facts, {
      iam,
      reader: reader(),
      identity,
      settings,
      retryDelaysMs: [5, 10],
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([5, 10]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ action: 'attach-managed-policy', applied: true, after: { resolved: false } });
    expect(aws.account.roles[0]?.attached ?? []).not.toContain(BASIC_EXECUTION_ARN);
  });

  it('ignores findings it may not remediate', async () => {
    const { facts, findings } = await findingsAndFacts();
    const outcomes = await remediateFindings(findings.filter((f) => f.checkId !== 'missing-log-permissions'), facts, { iam, reader: reader(), identity, settings, retryDelaysMs: [] });
    expect(outcomes).toEqual([]);
    expect(aws.stubs.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
  });
});
