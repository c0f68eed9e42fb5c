import type { PolicyStatement } from '../policy/types.ts';
import { accountOfPrincipal } from '../policy/index.ts';
import { principalSetOf } from './lock/statementFacts.ts';
import type { CheckMetadata, CheckOptions, Finding, FunctionCheck } from './types.ts';
import { allowStatementsOf } from './lock/LockStatement.ts';
import { accountsOfPin, callerPins, describePin, sourcePins } from './lock/conditionPins.ts';
import { INVOKE_FUNCTION, INVOKE_FUNCTION_URL, grantsAction } from './lock/grantsAction.ts';
import { isPublicPrincipal } from './lock/isPublicPrincipal.ts';
import { lockFinding, statementEvidence } from './lock/lockFinding.ts';
import { isTrustedPrincipal, trustedPrincipalsOf, type TrustedPrincipals } from './lock/trustedPrincipals.ts';

const metadata: CheckMetadata = {
  id: 'cross-account-invoke',
  severity: 'medium',
  door: 'resource-policy',
  title: 'Another AWS account can invoke the function',
  rationale:
    'The resource-based policy lets principals of an account other than the function\'s own — and not on the ' +
    'trusted-accounts list — invoke it: an account principal, a role or user ARN in another account, a service ' +
    'acting for a resource in another account, or every member of an AWS organization that is not trusted. ' +
    'Whoever controls that account decides when and with what input the function runs. An organization is ' +
    'trusted when listed (--trusted-org-ids, the stack\'s TrustedOrgIds) or, in the stack, when it is the ' +
    'account\'s own organization (organizations:DescribeOrganization, where allowed); a finding on a statement ' +
    'that also names a trusted organization says which one.',
  remediation: {
    text:
      'If the account is a known partner, add it to the trusted accounts (--trusted-accounts: account ids); if ' +
      'the organization is yours, trust it (--trusted-org-ids, or the stack\'s TrustedOrgIds); otherwise remove ' +
      'the statement.',
    cli: 'aws lambda remove-permission --region <Region> --function-name <FunctionName> --statement-id <StatementId>',
  },
};

const ACCOUNT_PIN_KEYS = new Set([
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:principalaccount',
  'aws:sourcearn',
  'aws:principalarn',
]);
const ORG_PIN_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceorgid', 'aws:sourceorgpaths']);

/** Why an organization is trusted (for the finding), or undefined when it is not. */
type OrgTrust = (orgId: string) => string | undefined;

function orgTrustOf(options: CheckOptions, trusted: TrustedPrincipals): OrgTrust {
  const listed = new Set(options.trustedOrgIds ?? []);
  return (org) =>
    org === options.ownOrganizationId
      ? "the account's own organization"
      : listed.has(org) || trusted.organizations.has(org)
        ? 'listed as trusted'
        : undefined;
}

/** What makes one statement cross-account: named foreign principals, or pins to foreign accounts/orgs. */
function foreignReachOf(statement: PolicyStatement, own: string, trusted: TrustedPrincipals, whyTrusted: OrgTrust): string[] {
  const reach: string[] = [];

  if (isPublicPrincipal(statement)) {
    // Principal "*" pinned by a condition: public-invoke stays quiet, so who the pin admits matters here.
    const pins = callerPins(statement);
    const accountPins = pins.filter((p) => ACCOUNT_PIN_KEYS.has(p.key));
    if (accountPins.length > 0) {
      // Several account pins are ANDed: the caller must satisfy all, so it is foreign only if every pin admits a foreign account.
      const foreignPerPin = accountPins.map((p) => accountsOfPin(p).filter((a) => !isTrustedPrincipal(a, own, trusted)));
      if (foreignPerPin.every((f) => f.length > 0)) {
        reach.push(...accountPins.map((p, i) => `${describePin(p)} (account ${(foreignPerPin[i] ?? []).join(', ')})`));
      }
      return reach;
    }
    for (const pin of pins.filter((p) => ORG_PIN_KEYS.has(p.key))) {
      const orgs = [...new Set(pin.values.map((v) => v.split('/')[0] ?? v))];
      const foreign = orgs.filter((o) => whyTrusted(o) === undefined);
      if (foreign.length === 0) continue;
      const trustedOnes = orgs.filter((o) => whyTrusted(o) !== undefined).map((o) => `${o}, ${whyTrusted(o)}`);
      const note = trustedOnes.length > 0 ? `; trusted: ${trustedOnes.join('; ')}` : '';
      reach.push(`${describePin(pin)} (every account in organization ${foreign.join(', ')}${note})`);
    }
    return reach;
  }

  const principals = principalSetOf(statement);
  for (const p of principals.aws) {
    if (p === '*' || accountOfPrincipal(p) === undefined) continue; // unattributable ids: evaluation-incomplete
    if (!isTrustedPrincipal(p, own, trusted)) reach.push(`principal ${p}`);
  }
  if (principals.service.length > 0) {
    // A service acting for a resource in another account (SourceAccount/SourceArn pinned there).
    for (const pin of sourcePins(statement).filter((p) => ACCOUNT_PIN_KEYS.has(p.key))) {
      const foreign = accountsOfPin(pin).filter((a) => !isTrustedPrincipal(a, own, trusted));
      if (foreign.length > 0) reach.push(`${principals.service.join(', ')} for ${describePin(pin)}`);
    }
  }
  return reach;
}

/**
 * Principals of other accounts (not the function's own, not trusted) may invoke. `Principal "*"`
 * without a pin is public-invoke's finding, not this one; `*` pinned to another account or to an
 * organization is reported here. Network-only pins (SourceVpce, SourceIp) name no account and are
 * not reported.
 */
export const crossAccountInvokeCheck: FunctionCheck = {
  scope: 'function',
  metadata,
  evaluate(fn, _role, context) {
    const trusted = trustedPrincipalsOf(context.options.trustedAccountIds);
    const whyTrusted = orgTrustOf(context.options, trusted);
    const findings: Finding[] = [];
    for (const s of allowStatementsOf(fn.resourcePolicy)) {
      const { statement } = s;
      if (!grantsAction(statement, INVOKE_FUNCTION) && !grantsAction(statement, INVOKE_FUNCTION_URL)) continue;
      const reach = foreignReachOf(statement, fn.accountId, trusted, whyTrusted);
      if (reach.length === 0) continue;
      findings.push(
        lockFinding(metadata, fn, {
          detail: `${fn.name}: callers outside account ${fn.accountId} may invoke it — ${reach.join('; ')}.`,
          evidence: [statementEvidence(s, `admits ${reach.join('; ')}`)],
          placeholders: { StatementId: s.sid },
        }),
      );
    }
    return findings;
  },
};
