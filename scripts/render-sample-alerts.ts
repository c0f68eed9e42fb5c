/**
 * Renders the sample alert emails in docs/alerts/ from the fixture accounts in
 * test/alerts/fixtures/samples/: the real checks evaluate each account, remediation is planned and
 * verified the way the handlers do it, and renderAlert writes the email. A test fails when the
 * files are stale; regenerate with `npx tsx scripts/render-sample-alerts.ts`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AlertTrigger } from '../shared/alerts/RenderedAlert.ts';
import { renderAlert } from '../shared/alerts/renderAlert.ts';
import { evaluateAccount } from '../shared/engine/evaluateAccount.ts';
import type { FunctionFacts, RoleFacts } from '../shared/facts/types.ts';
import { basicExecutionRolePolicy } from '../shared/checks/role/lambdaManagedPolicies.ts';
import { appliedOutcome } from '../shared/remediation/outcomeOf.ts';
import { isRemediable, planRemediation } from '../shared/remediation/planRemediation.ts';
import type { RemediationOutcome } from '../shared/remediation/RemediationOutcome.ts';
import { verifyRemediation } from '../shared/remediation/verifyRemediation.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SAMPLES_DIR = join(ROOT, 'test/alerts/fixtures/samples');
export const OUTPUT_DIR = join(ROOT, 'docs/alerts');

interface Sample {
  description: string;
  account: { accountId: string; region: string; partition: string; roles: RoleFacts[]; functions: FunctionFacts[] };
  trigger: AlertTrigger;
  /** Simulate RemediationMode=remediate: IAM accepts the change and the re-read role shows it. */
  remediate?: { style: 'managed-policy' | 'inline-scoped'; verifiedAt: string };
}

/** File name (`admin-access.txt`) -> the email as a subscriber sees it: subject line, then body. */
export function renderSampleAlerts(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const sample = JSON.parse(readFileSync(join(SAMPLES_DIR, file), 'utf8')) as Sample;
    const { account } = sample;
    const roles = new Map(account.roles.map((r) => [r.arn, r]));
    const { findings } = evaluateAccount({ ...account, roles, incomplete: [] }, { trustedAccountIds: [] });
    const remediations: RemediationOutcome[] = [];
    if (sample.remediate !== undefined) {
      const settings = { mode: 'remediate' as const, style: sample.remediate.style, dryRun: false, exemptionTagKey: 'keycard:exempt', ownRoleArns: [] };
      for (const finding of findings.filter(isRemediable)) {
        const fn = account.functions.find((f) => f.arn === finding.resourceArn)!;
        const role = roles.get(fn.roleArn)!;
        const plan = planRemediation({ finding, fn, role, settings });
        const change = plan.change;
        const reRead =
          change?.kind === 'attach-managed-policy'
            ? { ...role, policies: [...role.policies, basicExecutionRolePolicy(fn.partition)] }
            : change?.kind === 'put-inline-policy'
              ? { ...role, policies: [...role.policies, { name: change.policyName, kind: 'inline' as const, document: change.document }] }
              : role;
        remediations.push(verifyRemediation(appliedOutcome(plan), { fn, role: reRead }, new Date(sample.remediate.verifiedAt)));
      }
    }
    const rendered = renderAlert({ findings, remediations, trigger: sample.trigger, region: account.region, accountId: account.accountId });
    const attributes = Object.entries(rendered.messageAttributes)
      .map(([k, v]) => `${k}=${v.StringValue}`)
      .join(' ');
    out.set(
      `${basename(file, '.json')}.txt`,
      `Subject: ${rendered.subject}\nMessage attributes: ${attributes}\n\n${rendered.text}`,
    );
  }
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, text] of renderSampleAlerts()) {
    writeFileSync(join(OUTPUT_DIR, name), text);
    console.log(`wrote docs/alerts/${name}`);
  }
}
